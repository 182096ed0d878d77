package rules

// The JDK release table is refreshed from a public release feed when one is
// reachable (and left as it is otherwise):
//
//go:generate go run ./gen/jdkreleases -table data/jdk_releases.tsv
