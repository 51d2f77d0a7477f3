"use client";

import { Field } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { CONNECTOR_FAMILY_OPTIONS, type PortGroupInput } from "@/server/services/devices/schemas";

/** What a group of ports needs besides its names: a cage type, or an adapter's family and key. */
export function PortGroupFields({ kind, errorOf }: { kind: "transceiver" | "adapter"; errorOf(field: "family" | "keyType" | "cage"): string | undefined }) {
  if (kind === "transceiver") return <Field label="Cage type" name="cage" placeholder="qsfp28" error={errorOf("cage")} />;
  return (
    <>
      <SelectField label="Adapter family" name="family" defaultValue="MPO-12" error={errorOf("family")} options={CONNECTOR_FAMILY_OPTIONS} />
      <SelectField
        label="Adapter key"
        name="keyType"
        defaultValue="A"
        error={errorOf("keyType")}
        options={[
          { value: "A", label: "A: key-up to key-down" },
          { value: "B", label: "B: key-up to key-up" },
        ]}
      />
    </>
  );
}

/** The port group a form with PortGroupFields describes. */
export function readPortGroup(f: FormData, kind: "transceiver" | "adapter", names: string): PortGroupInput {
  return kind === "adapter"
    ? { names, kind, family: String(f.get("family")) as (typeof CONNECTOR_FAMILY_OPTIONS)[number], keyType: String(f.get("keyType")) as "A" | "B" }
    : { names, kind, cage: String(f.get("cage") ?? "") };
}
