"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { FormActions } from "@/features/ui/Actions";
import { fieldErrors, formError } from "@/features/ui/errors";
import { Field, FormError } from "@/features/ui/Field";
import { useRefreshAll } from "../common/useSaved";

type Renaming = { kind: "room" | "row"; id: string; version: number; name: string } | null;

/** The site's rooms and the rows of racks in each, renamed in place (a row's racks are relabelled with it).
 *  Only for those who may rename them: the site tree shows the same rooms and rows to everyone. */
export function RoomsAndRows({ siteId, canEdit }: { siteId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const tree = useQuery({ ...trpc.sites.tree.queryOptions({ id: siteId }), enabled: canEdit });
  const [renaming, setRenaming] = useState<Renaming>(null);
  if (!canEdit || !tree.data || tree.data.rooms.length === 0) return null;
  return (
    <section className="card" aria-label="Rooms and rows">
      <h2>Rooms and rows</h2>
      <ul className="rooms-rows">
        {tree.data.rooms.map((room) => (
          <li key={room.id} data-room={room.name}>
            {renaming?.kind === "room" && renaming.id === room.id ? (
              <RenameForm what="room" target={renaming} onDone={() => setRenaming(null)} />
            ) : (
              <span className="button-row">
                <strong>{room.name}</strong>
                <button type="button" className="button button--small" aria-label={`Rename room ${room.name}`} onClick={() => setRenaming({ kind: "room", id: room.id, version: room.version, name: room.name })}>
                  Rename
                </button>
              </span>
            )}
            <ul>
              {room.rows
                .filter((r) => r.rowId !== null)
                .map((r) => (
                  <li key={r.rowId} data-row={r.row}>
                    {renaming?.kind === "row" && renaming.id === r.rowId ? (
                      <RenameForm what="row" target={renaming} onDone={() => setRenaming(null)} />
                    ) : (
                      <span className="button-row">
                        <span>
                          Row {r.row} <span className="muted small">({r.racks.length} rack{r.racks.length === 1 ? "" : "s"})</span>
                        </span>
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Rename row ${r.row} of ${room.name}`}
                          onClick={() => setRenaming({ kind: "row", id: r.rowId!, version: r.rowVersion!, name: r.row })}
                        >
                          Rename
                        </button>
                      </span>
                    )}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RenameForm({ what, target, onDone }: { what: "room" | "row"; target: NonNullable<Renaming>; onDone(): void }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [name, setName] = useState(target.name);
  const done = { onSuccess: async () => (await refreshAll(), onDone()) };
  const room = useMutation(trpc.rooms.rename.mutationOptions(done));
  const row = useMutation(trpc.rows.rename.mutationOptions(done));
  const m = what === "room" ? room : row;
  const errors = fieldErrors(m.error);
  return (
    <form
      className="form-grid"
      noValidate
      aria-label={`Rename ${what} ${target.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const input = { id: target.id, version: target.version, name };
        if (what === "room") room.mutate(input);
        else row.mutate(input);
      }}
    >
      <Field label={what === "room" ? "Room name" : "Row label"} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} hint={what === "row" ? "Its racks are relabelled; their TIA-606 identifiers follow." : undefined} />
      <FormActions save="Save" pending={m.isPending} onCancel={onDone} />
      <FormError message={formError(m.error)} />
    </form>
  );
}
