-- Rows of racks are kept from the racks' row labels: every existing label becomes a row, a rack
-- labelled with a new row makes it, and the last rack leaving a row removes it. (The AFTER trigger
-- watches every update: row_id is set by the BEFORE trigger, which a column list would not see.)
INSERT INTO rack_rows (site_id, room_id, name)
  SELECT DISTINCT ON (room_id, lower(row)) site_id, room_id, row FROM racks WHERE row <> '' ORDER BY room_id, lower(row), row;
--> statement-breakpoint
UPDATE racks r SET row_id = w.id, row = w.name FROM rack_rows w WHERE r.row <> '' AND w.room_id = r.room_id AND lower(w.name) = lower(r.row);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION racks_keep_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  found_id uuid;
  found_name text;
BEGIN
  IF NEW.row = '' THEN
    NEW.row_id := NULL;
    RETURN NEW;
  END IF;
  -- An existing row of the room, whatever the case of the label: the rack takes the row's label.
  SELECT id, name INTO found_id, found_name FROM rack_rows WHERE room_id = NEW.room_id AND lower(name) = lower(NEW.row);
  IF found_id IS NULL THEN
    INSERT INTO rack_rows (site_id, room_id, name) VALUES (NEW.site_id, NEW.room_id, NEW.row) RETURNING id INTO found_id;
    found_name := NEW.row;
  END IF;
  NEW.row_id := found_id;
  NEW.row := found_name;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER racks_keep_row BEFORE INSERT OR UPDATE OF row, room_id ON racks
  FOR EACH ROW EXECUTE FUNCTION racks_keep_row();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION racks_drop_empty_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.row_id IS NOT NULL AND (TG_OP = 'DELETE' OR OLD.row_id IS DISTINCT FROM NEW.row_id) THEN
    DELETE FROM rack_rows w WHERE w.id = OLD.row_id AND NOT EXISTS (SELECT 1 FROM racks r WHERE r.row_id = OLD.row_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER racks_drop_empty_row AFTER UPDATE OR DELETE ON racks
  FOR EACH ROW EXECUTE FUNCTION racks_drop_empty_row();
