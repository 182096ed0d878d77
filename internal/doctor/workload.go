package doctor

import "strings"

// workload is a service whose documented requirements hserr knows, so that
// thresholds that only it needs are warnings where it runs, and plain
// information elsewhere.
type workload struct {
	Name                       string
	MaxMapCount, Nofile, Nproc int64
	// Source says where the requirement is written.
	Source string
}

// elasticsearch's bootstrap checks
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/bootstrap-checks.html).
var elasticsearch = workload{Name: "Elasticsearch", MaxMapCount: 262144, Nofile: 65535, Nproc: 4096,
	Source: "Elasticsearch's bootstrap checks"}

// detectWorkload recognises the service of the JVM under --pid from its
// main class or properties; nil when there is none to see or it is not
// known.
func detectWorkload(cx *probeContext) *workload {
	if cx == nil {
		return nil
	}
	if _, ok := cx.JVM.Props["es.path.home"]; ok {
		return &elasticsearch
	}
	for _, main := range []string{"org.elasticsearch.bootstrap.Elasticsearch", "org.opensearch.bootstrap.OpenSearch"} {
		if strings.Contains(cx.Info.Command, main) {
			w := elasticsearch
			if strings.Contains(main, "opensearch") {
				w.Name, w.Source = "OpenSearch", "OpenSearch's bootstrap checks (the same as Elasticsearch's)"
			}
			return &w
		}
	}
	return nil
}
