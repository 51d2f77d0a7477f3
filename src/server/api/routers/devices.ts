import { addBay } from "../../services/devices/add-bay";
import { addPorts } from "../../services/devices/add-ports";
import { createDevice } from "../../services/devices/create-device";
import { deleteDevice } from "../../services/devices/delete-device";
import { deletePort } from "../../services/devices/delete-port";
import { getDevice } from "../../services/devices/get-device";
import { installModule } from "../../services/devices/install-module";
import { listDevices } from "../../services/devices/list-devices";
import { removeModule } from "../../services/devices/remove-module";
import {
  addBayInput,
  addPortsInput,
  byIdInput,
  createDeviceInput,
  deleteByIdInput,
  installModuleInput,
  listDevicesInput,
  updateDeviceInput,
  updateModuleInput,
  updatePortInput,
} from "../../services/devices/schemas";
import { updateDevice } from "../../services/devices/update-device";
import { updateModule } from "../../services/devices/update-module";
import { updatePort } from "../../services/devices/update-port";
import { createTRPCRouter, procedure } from "../trpc";

export const devicesRouter = createTRPCRouter({
  list: procedure.viewer.input(listDevicesInput).query(({ ctx, input }) => listDevices(ctx, input)),
  get: procedure.viewer.input(byIdInput).query(({ ctx, input }) => getDevice(ctx, input)),
  create: procedure.editor.input(createDeviceInput).mutation(({ ctx, input }) => createDevice(ctx, input)),
  update: procedure.editor.input(updateDeviceInput).mutation(({ ctx, input }) => updateDevice(ctx, input)),
  delete: procedure.editor.input(deleteByIdInput).mutation(({ ctx, input }) => deleteDevice(ctx, input)),
  addBay: procedure.editor.input(addBayInput).mutation(({ ctx, input }) => addBay(ctx, input)),
  installModule: procedure.editor.input(installModuleInput).mutation(({ ctx, input }) => installModule(ctx, input)),
  updateModule: procedure.editor.input(updateModuleInput).mutation(({ ctx, input }) => updateModule(ctx, input)),
  removeModule: procedure.editor.input(deleteByIdInput).mutation(({ ctx, input }) => removeModule(ctx, input)),
  addPorts: procedure.editor.input(addPortsInput).mutation(({ ctx, input }) => addPorts(ctx, input)),
  updatePort: procedure.editor.input(updatePortInput).mutation(({ ctx, input }) => updatePort(ctx, input)),
  deletePort: procedure.editor.input(deleteByIdInput).mutation(({ ctx, input }) => deletePort(ctx, input)),
});
