export { parseSiteFile, parseSiteFileInSteps, formatPath, expandName, type SiteFileError, type SiteFileResult } from "./parse";
export { siteFileDevice, toSiteFile, toSiteFileObject, type SiteFileDevice } from "./serialize";
export { siteFileSchema, siteFileJsonSchema, SITE_FILE_VERSION, type SiteFile } from "./schema";
