/** Ferrule's connectivity engine: the public API. */
export * from "./confidence";
export * from "./connectors";
export * from "./fiber";
export * from "./position-maps";
export * from "./components";
export * from "./applications";
export * from "./transceivers";
export * from "./loss";
export * from "./findings";
export * from "./wdm";
export { createCatalog, getBuiltInType, listBuiltInTypeIds, HARNESSES, MODULE_METHOD_PARTS, harnessStrands, methodPart, type Catalog, type Harness, type MethodPart } from "./catalog";
export { cableKindOf } from "./catalog/cable-kind";
export { validateComponentType, checkTypeChange, typeNotices, ranges as positionRanges, type FieldError } from "./validate-type";
export { typeTraits, methodWords, type TypeTraits } from "./describe-type";
export * from "./site-model";
export { SiteBuilder, parseEndpoint, moduleIdOf, modulePortName } from "./site-builder";
export { compileSite, type CompiledSite } from "./compile";
export { trace, type TraceResult, type FiberTrace, type Hop, type TraceEnd } from "./trace";
export {
  judgeChannel,
  judgeSite,
  channelKeysFor,
  channelMembers,
  channelPorts,
  type ChannelJudgement,
  type ChannelLink,
  type SiteJudgement,
  type Conventions,
} from "./judge";
export { MATING_RULES, checkMating, type Mating, type MatingParty } from "./rules/mating";
export {
  parseSiteFile,
  parseSiteFileInSteps,
  toSiteFile,
  siteFileDevice,
  toSiteFileObject,
  type SiteFileDevice,
  siteFileSchema,
  siteFileJsonSchema,
  SITE_FILE_VERSION,
  type SiteFile,
  type SiteFileError,
  type SiteFileResult,
} from "./site-file";
export { connectorWords, cableWords, moduleWords, transceiverWords, typeWords, polarityWords } from "./connector-words";
export { groupFindings, likelyCulprit, fixFor, type GroupedFinding, type ExplainFiber, type ExplainHop, type Culprit } from "./explain-findings";
export { UuidPool } from "./id-index";
