// Package api is hserr's JSON contract: the types that `hserr explain`,
// `parse`, `triage` and `doctor` print with --json, and the conversions from
// the internal types that compute them.
//
// The internal packages (model, fault, rules, explain, triage, doctor) are
// free to rename and reshape their structs; scripts read these types only.
// Every field has an explicit snake_case JSON name and a schema in
// docs/schema (JSON Schema 2020-12); docs/json.md states the versioning
// rules. In short: adding a field or an object keeps SchemaVersion; removing
// or renaming one, changing its type or meaning, or adding a value to a
// closed enumeration bumps it.
//
// Conventions every type follows, so that jq filters need no guards:
//   - arrays are always present, empty rather than null;
//   - a fact the log may lack is omitted when unknown (never "" or 0 as a
//     stand-in), and is optional in the schema;
//   - addresses and register values are "0x" and 16 hex digits (JSON numbers
//     lose precision above 2^53);
//   - confidences are rounded to two decimals.
//
// triage and doctor convert their own reports (triage.Report.API,
// doctor.APIReport): api cannot import them, since they import api to print.
package api
