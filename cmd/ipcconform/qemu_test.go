package main

import "testing"

func TestUpstreamVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1:10.0.2+ds-2+deb13u1~bpo12+1": "10.0.2",
		"1:7.2+dfsg-7+deb12u18+b3":      "7.2",
		"10.1.0-1":                      "10.1.0",
		"10.0.7":                        "10.0.7",
	} {
		if got := upstreamVersion(in); got != want {
			t.Errorf("upstreamVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
