// Command jdkreleases refreshes internal/rules/data/jdk_releases.tsv from a
// public release feed (the Adoptium API's list of GA versions), so that
// hserr knows the latest update of each JDK line:
//
//	go generate ./internal/rules
//
// The feed lists versions without dates. A row already in the table keeps
// its date; an update the table lacks is dated to the quarterly Critical
// Patch Update month (January, April, July, October) in which it is first
// seen, which is when OpenJDK updates ship. When the feed cannot be reached
// the table is left as it is and the command says so (exit 0: a build must
// not depend on the network).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"
)

const feed = "https://api.adoptium.net/v3/info/release_versions?release_type=ga&vendor=eclipse&project=jdk&image_type=jdk&sort_order=DESC&page_size=50&page=%d"

func main() {
	table := flag.String("table", "data/jdk_releases.tsv", "the release table to refresh")
	url := flag.String("feed", feed, "the release feed (a format string with the page number)")
	pages := flag.Int("pages", 40, "pages of the feed to read at most")
	flag.Parse()
	old, err := os.ReadFile(*table)
	if err != nil {
		fmt.Fprintln(os.Stderr, "jdkreleases:", err)
		os.Exit(1)
	}
	versions, err := fetch(&http.Client{Timeout: 20 * time.Second}, *url, *pages)
	if err != nil {
		fmt.Fprintf(os.Stderr, "jdkreleases: the release feed cannot be read (%v); %s left as it is\n", err, *table)
		return
	}
	out, added := Refresh(string(old), versions, time.Now().UTC())
	if len(added) == 0 {
		fmt.Println("jdkreleases: the table already has every update the feed lists")
		return
	}
	if err := os.WriteFile(*table, []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "jdkreleases:", err)
		os.Exit(1)
	}
	fmt.Printf("jdkreleases: added %v\n", added)
}

// Version is one entry of the feed.
type Version struct {
	Major    int    `json:"major"`
	Security int    `json:"security"`
	Semver   string `json:"semver"`
}

// fetch reads the feed's pages until one is empty.
func fetch(c *http.Client, url string, pages int) ([]Version, error) {
	var all []Version
	for page := 0; page < pages; page++ {
		resp, err := c.Get(fmt.Sprintf(url, page))
		if err != nil {
			return nil, err
		}
		var body struct {
			Versions []Version `json:"versions"`
		}
		err = json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 8<<20)).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound || len(body.Versions) == 0 {
			break // past the last page
		}
		if resp.StatusCode != http.StatusOK || err != nil {
			return nil, fmt.Errorf("page %d: %s %v", page, resp.Status, err)
		}
		all = append(all, body.Versions...)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no versions")
	}
	return all, nil
}
