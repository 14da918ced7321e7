export * from "./review";
export { reviewMarkdown, REVIEW_MARKER } from "./markdown";
