"use client";

import { useId } from "react";
import { fieldErrors } from "@/features/ui/errors";
import { Field, numberValue, optionalNumber } from "@/features/ui/Field";

export interface RackFormValues {
  name: string;
  room: string;
  row: string;
  position: number | null;
  uHeight: number;
}

export function readRackForm(form: HTMLFormElement): RackFormValues {
  const f = new FormData(form);
  return {
    name: String(f.get("name") ?? ""),
    room: String(f.get("room") ?? ""),
    row: String(f.get("row") ?? ""),
    position: optionalNumber(f, "position"),
    uHeight: numberValue(f, "uHeight"),
  };
}

/** The rack fields, shared by the add and edit forms; each shows the server's message for it. */
export function RackFields({ error, initial, rooms }: { error: unknown; initial?: Partial<RackFormValues>; rooms: string[] }) {
  const errors = fieldErrors(error);
  const listId = useId();
  return (
    <>
      <Field label="Rack name" name="name" defaultValue={initial?.name} error={errors.name} placeholder="A01" />
      <Field label="Room" name="room" defaultValue={initial?.room} error={errors.room} list={listId} placeholder="Hall A" />
      <datalist id={listId}>
        {rooms.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <Field label="Row" name="row" defaultValue={initial?.row} error={errors.row} placeholder="A" />
      <Field label="Position in row" name="position" type="number" defaultValue={initial?.position ?? ""} error={errors.position} />
      <Field label="Height (U)" name="uHeight" type="number" defaultValue={initial?.uHeight ?? 42} error={errors.uHeight} />
    </>
  );
}
