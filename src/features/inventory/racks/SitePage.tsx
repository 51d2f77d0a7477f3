"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import { fieldErrors, formError } from "@/features/ui/errors";
import { ConfirmAction, FormActions } from "@/features/ui/Actions";
import { Field, FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { SiteNav } from "../common/SiteNav";
import { FoldMark, opensByHand, SiteSummary, SiteTree } from "../site/SiteTree";
import { useRefreshAll } from "../common/useSaved";
import { RackFields, readRackForm } from "./RackForm";
import { RoomsAndRows } from "./RoomsAndRows";

type Rack = {
  id: string;
  name: string;
  roomName: string;
  row: string;
  position: number | null;
  uHeight: number;
  version: number;
};

export function SitePage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  const racks = useQuery(trpc.racks.list.queryOptions({ siteId }));
  const { canEdit } = useRights(siteId);
  const [openRooms, setOpenRooms] = useState<ReadonlySet<string>>(new Set());
  if (site.error) return <FormError message={formError(site.error)} />;
  if (!site.data) return <p className="muted">Loading…</p>;

  const byRoom = new Map<string, Rack[]>();
  for (const rack of racks.data ?? []) {
    const list = byRoom.get(rack.roomName);
    if (list) list.push(rack);
    else byRoom.set(rack.roomName, [rack]);
  }
  const rooms = [...byRoom.keys()];
  // A campus's thousands of racks: each room's table is opened on demand, as the tree's rows are.
  const foldRooms = opensByHand(racks.data?.length ?? 0);
  const toggleRoom = (room: string) => setOpenRooms((was) => (was.has(room) ? new Set([...was].filter((r) => r !== room)) : new Set([...was, room])));

  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data.name} />
      <SiteHeader site={site.data} canEdit={canEdit} />
      <div className="with-tree">
        <SiteTree siteId={siteId} />
        <div className="with-tree__main">
      <SiteSummary siteId={siteId} />
      <section className="card">
        <h2>Racks</h2>
        {racks.isPending ? (
          <p className="muted">Loading…</p>
        ) : rooms.length === 0 ? (
          <p className="muted">{canEdit ? "No rack yet. Add the first one below." : "No rack yet."}</p>
        ) : (
          rooms.map((room) => (
            <div key={room} className="room">
              {foldRooms ? (
                <h3>
                  <button type="button" className="room__fold" aria-expanded={openRooms.has(room)} onClick={() => toggleRoom(room)}>
                    <FoldMark />
                    {room}
                  </button>{" "}
                  <span className="muted small">{byRoom.get(room)!.length} racks</span>
                </h3>
              ) : (
                <h3>{room}</h3>
              )}
              {foldRooms && !openRooms.has(room) ? null : (
              <table className="table" aria-label={`Racks in ${room}`}>
                <thead>
                  <tr>
                    <th>Rack</th>
                    <th>Row</th>
                    <th className="num">Position</th>
                    <th className="num">Height</th>
                    {canEdit ? <th className="actions-col" aria-label="Actions" /> : null}
                  </tr>
                </thead>
                <tbody>
                  {byRoom.get(room)!.map((rack) => (
                    <RackRow key={rack.id} rack={rack} siteId={siteId} rooms={rooms} canEdit={canEdit} />
                  ))}
                </tbody>
              </table>
              )}
            </div>
          ))
        )}
      </section>
      {canEdit ? <AddRackForm siteId={siteId} rooms={rooms} /> : null}
      <RoomsAndRows siteId={siteId} canEdit={canEdit} />
        </div>
      </div>
    </div>
  );
}

function SiteHeader({
  site,
  canEdit,
}: {
  canEdit: boolean;
  site: { id: string; name: string; code: string; description: string; version: number; attenuation: "ISO" | "TIA"; matedPair: "by-grade" | "standard" | "low-loss" };
}) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const router = useRouter();
  const [editing, setEditing] = useState<null | number>(null);
  const invalidate = refreshAll;
  const update = useMutation(trpc.sites.update.mutationOptions({ onSuccess: async () => (setEditing(null), invalidate()) }));
  const remove = useMutation(trpc.sites.delete.mutationOptions({ onSuccess: async () => (await invalidate(), router.push("/")) }));
  // Deleting a site needs the editor role on every site, not only this one.
  const canDelete = useRights(null).canEdit;
  const errors = fieldErrors(update.error);

  if (editing !== null) {
    return (
      <section className="card">
        <form
          className="form-grid"
          noValidate
          aria-label="Edit site"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            update.mutate({
              id: site.id,
              version: editing,
              name: String(f.get("name")),
              code: String(f.get("code")),
              description: String(f.get("description")),
              attenuation: String(f.get("attenuation")) as "ISO" | "TIA",
              matedPair: String(f.get("matedPair")) as "by-grade" | "standard" | "low-loss",
            });
          }}
        >
          <Field label="Name" name="name" defaultValue={site.name} error={errors.name} />
          <Field label="Code" name="code" defaultValue={site.code} error={errors.code} />
          <Field label="Description" name="description" defaultValue={site.description} error={errors.description} />
          <SelectField
            label="Fiber attenuation"
            name="attenuation"
            defaultValue={site.attenuation}
            error={errors.attenuation}
            options={[
              { value: "ISO", label: "ISO/IEC 11801 (3.5 dB/km OM3/OM4)" },
              { value: "TIA", label: "TIA-568 (3.0 dB/km OM3/OM4)" },
            ]}
          />
          <SelectField
            label="Mated pairs"
            name="matedPair"
            defaultValue={site.matedPair}
            error={errors.matedPair}
            options={[
              { value: "by-grade", label: "By connector grade" },
              { value: "standard", label: "All standard (0.75 dB)" },
              { value: "low-loss", label: "All low loss (0.35 dB)" },
            ]}
          />
          <FormActions save="Save" pending={update.isPending} onCancel={() => (setEditing(null), update.reset())} />
          <FormError message={formError(update.error)} />
        </form>
      </section>
    );
  }
  return (
    <header className="page__header page__header--actions">
      <div>
        <h1>
          {site.name} <code className="badge">{site.code}</code>
        </h1>
        {site.description ? <p className="muted">{site.description}</p> : null}
        <p className="muted small">
          Loss judged with {site.attenuation === "ISO" ? "ISO/IEC 11801" : "TIA-568"} attenuation, mated pairs{" "}
          {site.matedPair === "by-grade" ? "by connector grade" : site.matedPair === "standard" ? "all standard" : "all low loss"}.
        </p>
      </div>
      {canEdit ? (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setEditing(site.version)}>
            Edit site
          </button>
          {canDelete ? (
            <ConfirmAction label="Delete site" yes="Yes, delete" question={`Delete ${site.name}?`} onConfirm={() => remove.mutate({ id: site.id, version: site.version })} onCancel={() => remove.reset()} />
          ) : null}
        </div>
      ) : null}
      <FormError message={formError(remove.error)} />
    </header>
  );
}

function RackRow({ rack, siteId, rooms, canEdit }: { rack: Rack; siteId: string; rooms: string[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const [mode, setMode] = useState<"view" | "edit">("view");
  /** The version the editor opened: a save made after someone else's is refused, never lost. */
  const [openedVersion, setOpenedVersion] = useState(rack.version);
  const invalidate = useRefreshAll();
  const update = useMutation(trpc.racks.update.mutationOptions({ onSuccess: async () => (setMode("view"), invalidate()) }));
  const remove = useMutation(trpc.racks.delete.mutationOptions({ onSuccess: invalidate }));

  if (mode === "edit") {
    return (
      <tr className="editing">
        <td colSpan={5}>
          <form
            className="form-grid"
            noValidate
            aria-label={`Edit rack ${rack.name}`}
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ id: rack.id, version: openedVersion, ...readRackForm(e.currentTarget) });
            }}
          >
            <RackFields error={update.error} rooms={rooms} initial={{ ...rack, room: rack.roomName }} />
            <FormActions save="Save rack" pending={update.isPending} onCancel={() => (setMode("view"), update.reset())} />
            <FormError message={formError(update.error)} />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr data-rack={rack.name}>
      <td>
        <Link href={`/sites/${siteId}/racks/${rack.id}`}>{rack.name}</Link>
      </td>
      <td>{rack.row || "—"}</td>
      <td className="num">{rack.position ?? "—"}</td>
      <td className="num">{rack.uHeight} U</td>
      {canEdit ? (
      <td className="actions-col">
        <span className="button-row">
          <button type="button" className="button" onClick={() => (setOpenedVersion(rack.version), setMode("edit"))}>
            Edit
          </button>
          <ConfirmAction
            label="Delete"
            yes="Yes, delete"
            question={`Delete ${rack.name}?`}
            onConfirm={() => remove.mutate({ id: rack.id, version: rack.version })}
            onCancel={() => remove.reset()}
            error={<FormError message={formError(remove.error)} />}
          />
        </span>
      </td>
      ) : null}
    </tr>
  );
}

function AddRackForm({ siteId, rooms }: { siteId: string; rooms: string[] }) {
  const trpc = useTRPC();
  const refreshAll = useRefreshAll();
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(
    trpc.racks.create.mutationOptions({
      onSuccess: async () => {
        setFormKey((k) => k + 1);
        await refreshAll();
      },
    }),
  );
  return (
    <section className="card">
      <h2>Add a rack</h2>
      <form
        key={formKey}
        className="form-grid"
        noValidate
        aria-label="Add a rack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ siteId, ...readRackForm(e.currentTarget) });
        }}
      >
        <RackFields error={create.error} rooms={rooms} initial={{ room: rooms[0] ?? "" }} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Add rack
          </button>
        </div>
        <FormError message={formError(create.error)} />
      </form>
    </section>
  );
}
