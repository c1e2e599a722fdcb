package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Longest first: go test starts parallel subtests in the order they were
// registered, so a long scenario registered last runs alone at the end of
// the matrix while the other slots idle. With the cell times of an earlier
// run ($IPCCONFORM_TIMINGS, a conformance.json: ipcconform passes the last
// report in its output folder), the scenarios are registered by their
// summed cell time, longest first. Without it, the order is the scripts'.

// TimingsEnv names the earlier report whose cell times order the scenarios.
const TimingsEnv = "IPCCONFORM_TIMINGS"

// LoadTimings reads the summed cell seconds of each scenario from a
// conformance.json.
func LoadTimings(path string) (map[string]float64, error) {
	cells, err := LoadCellTimings(path)
	if err != nil {
		return nil, err
	}
	secs := map[string]float64{}
	for name, s := range cells {
		scenario, _, _ := strings.Cut(name, "/")
		secs[scenario] += s
	}
	return secs, nil
}

// LoadCellTimings reads the seconds of each cell, by scenario/pairing,
// from a conformance.json.
func LoadCellTimings(path string) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Cells []struct {
			Scenario string  `json:"scenario"`
			Pairing  string  `json:"pairing"`
			Seconds  float64 `json:"seconds"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	secs := map[string]float64{}
	for _, c := range rep.Cells {
		secs[c.Scenario+"/"+c.Pairing] = c.Seconds
	}
	return secs, nil
}

// LongestFirst orders names by their seconds, longest first; names without
// a time (a new scenario) come first of all, since nothing says they are
// short, and ties keep their order.
func LongestFirst(names []string, secs map[string]float64) {
	sort.SliceStable(names, func(i, j int) bool {
		si, iok := secs[names[i]]
		sj, jok := secs[names[j]]
		if iok != jok {
			return !iok
		}
		return si > sj
	})
}

// scheduleScenarios orders the scenario names for registration, and says
// how for the log.
func scheduleScenarios(names []string) string {
	path := os.Getenv(TimingsEnv)
	if path == "" {
		return "scenarios in script order (no " + TimingsEnv + ")"
	}
	secs, err := LoadTimings(path)
	if err != nil {
		return fmt.Sprintf("scenarios in script order (%s: %v)", TimingsEnv, err)
	}
	LongestFirst(names, secs)
	return fmt.Sprintf("scenarios longest first by the cell times of %s", path)
}
