package faults

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestRuleJSONDurations(t *testing.T) {
	cases := []struct {
		name string
		body string
		want Rule
	}{
		{"duration string", `{"latency":"200ms"}`, Rule{Latency: 200 * time.Millisecond}},
		{"nanoseconds", `{"latency":200000000}`, Rule{Latency: 200 * time.Millisecond}},
		{"lifetime string", `{"credential_lifetime":"1m30s"}`, Rule{CredentialLifetime: 90 * time.Second}},
		{"lifetime nanoseconds", `{"credential_lifetime":60000000000}`, Rule{CredentialLifetime: time.Minute}},
		{"jitter", `{"latency":"10ms","jitter":"500ms"}`, Rule{Latency: 10 * time.Millisecond, Jitter: 500 * time.Millisecond}},
		{"chunk delay", `{"chunk_delay":"50ms"}`, Rule{ChunkDelay: 50 * time.Millisecond}},
		{"clock ahead", `{"clock_skew":"10m"}`, Rule{ClockSkew: 10 * time.Minute}},
		{"clock behind", `{"clock_skew":"-90s"}`, Rule{ClockSkew: -90 * time.Second}},
		{"zero and null", `{"latency":"0s","credential_lifetime":null}`, Rule{}},
		{"with other fields", `{"throttle_next":2,"latency":"1.5s","error_rate":0.25}`,
			Rule{ThrottleNext: 2, Latency: 1500 * time.Millisecond, ErrorRate: 0.25}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got Rule
			if err := json.Unmarshal([]byte(tc.body), &got); err != nil {
				t.Fatalf("unmarshal %s: %v", tc.body, err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRuleJSONRejects(t *testing.T) {
	cases := []struct {
		name, body, field string
	}{
		{"word", `{"latency":"soon"}`, "latency"},
		{"negative jitter", `{"jitter":"-1s"}`, "jitter"},
		{"unitless string", `{"latency":"200"}`, "latency"},
		{"fraction of a nanosecond", `{"latency":1.5}`, "latency"},
		{"boolean", `{"latency":true}`, "latency"},
		{"object", `{"credential_lifetime":{}}`, "credential_lifetime"},
		{"negative string", `{"credential_lifetime":"-1m"}`, "credential_lifetime"},
		{"negative number", `{"latency":-5}`, "latency"},
		{"bad lifetime beside good latency", `{"latency":"1s","credential_lifetime":"an hour"}`, "credential_lifetime"},
		{"unknown field", `{"latncy":"1s"}`, "latncy"},
		{"wrong type elsewhere", `{"throttle_next":"2"}`, "throttle_next"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r Rule
			err := json.Unmarshal([]byte(tc.body), &r)
			if err == nil {
				t.Fatalf("%s accepted as %+v", tc.body, r)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("error %q does not name %s", err, tc.field)
			}
		})
	}
}

// TestRuleJSONRoundTrip: what GET /sandbox/faults shows can be posted back.
func TestRuleJSONRoundTrip(t *testing.T) {
	in := Rule{Latency: 200 * time.Millisecond, CredentialLifetime: 2 * time.Minute, FailNext: 1, ThrottleRate: 0.5}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"latency":"200ms"`) || !strings.Contains(string(b), `"credential_lifetime":"2m0s"`) {
		t.Errorf("durations not written as Go durations: %s", b)
	}
	var out Rule
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("round trip %s: %+v, %v", b, out, err)
	}
	if b, _ := json.Marshal(Rule{}); string(b) != "{}" {
		t.Errorf("empty rule written as %s", b)
	}
}
