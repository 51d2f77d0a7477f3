import { createPlan } from "../../services/plans/create-plan";
import { getPlan } from "../../services/plans/get-plan";
import { getWorkOrder } from "../../services/plans/get-work-order";
import { listPlans } from "../../services/plans/list-plans";
import {
  addOperationInput,
  releasePlanInput,
  stopPlanInput,
  createPlanInput,
  listPlansInput,
  planByIdInput,
  removeOperationInput,
  replaceOperationInput,
  stepByCableInput,
  stepInput,
  transitionPlanInput,
  updatePlanInput,
} from "../../services/plans/operations";
import { releasePlan } from "../../services/plans/release-plan";
import { setStepDone, stepOfCable } from "../../services/plans/steps";
import { stopPlan } from "../../services/plans/stop-plan";
import { transitionPlan } from "../../services/plans/transition-plan";
import { updatePlan } from "../../services/plans/update-plan";
import { planDevice, planDeviceInput } from "../../services/plans/views/device";
import { planRack, planRackInput } from "../../services/plans/views/rack";
import { addOperation, removeOperation, replaceOperation } from "../../services/plans/write-operation";
import { createTRPCRouter, procedure } from "../trpc";

export const plansRouter = createTRPCRouter({
  list: procedure.viewer.input(listPlansInput).query(({ ctx, input }) => listPlans(ctx, input)),
  /** The plan with its operations, history, what-if, work order and conflicts. */
  get: procedure.viewer.input(planByIdInput).query(({ ctx, input }) => getPlan(ctx, input)),
  create: procedure.editor.input(createPlanInput).mutation(({ ctx, input }) => createPlan(ctx, input)),
  update: procedure.editor.input(updatePlanInput).mutation(({ ctx, input }) => updatePlan(ctx, input)),
  addOperation: procedure.editor.input(addOperationInput).mutation(({ ctx, input }) => addOperation(ctx, input)),
  replaceOperation: procedure.editor.input(replaceOperationInput).mutation(({ ctx, input }) => replaceOperation(ctx, input)),
  removeOperation: procedure.editor.input(removeOperationInput).mutation(({ ctx, input }) => removeOperation(ctx, input)),
  submit: procedure.editor.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "submit", input)),
  withdraw: procedure.editor.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "withdraw", input)),
  reopen: procedure.editor.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "reopen", input)),
  abandon: procedure.editor.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "abandon", input)),
  approve: procedure.approver.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "approve", input)),
  reject: procedure.approver.input(transitionPlanInput).mutation(({ ctx, input }) => transitionPlan(ctx, "reject", input)),
  /** Releases an approved plan to the floor (its work order frozen); stops a plan in progress (the rest becomes a draft). */
  release: procedure.approver.input(releasePlanInput).mutation(({ ctx, input }) => releasePlan(ctx, input)),
  stop: procedure.approver.input(stopPlanInput).mutation(({ ctx, input }) => stopPlan(ctx, input)),
  /** A device's panel and a rack's elevation as the plan would leave them. */
  device: procedure.viewer.input(planDeviceInput).query(({ ctx, input }) => planDevice(ctx, input)),
  rack: procedure.viewer.input(planRackInput).query(({ ctx, input }) => planRack(ctx, input)),
  /** Work order: tick a step off (it is carried out on the live plant) or undo it; the step of a cable (its QR code). */
  workOrder: procedure.viewer.input(planByIdInput).query(({ ctx, input }) => getWorkOrder(ctx, input)),
  setStep: procedure.editor.input(stepInput).mutation(({ ctx, input }) => setStepDone(ctx, input)),
  stepOfCable: procedure.viewer.input(stepByCableInput).query(({ ctx, input }) => stepOfCable(ctx, input)),
});
