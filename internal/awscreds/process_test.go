package awscreds

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestMarshalProcess(t *testing.T) {
	exp := time.Now().Add(time.Hour).Truncate(time.Second)
	c := aws.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret-canary", SessionToken: "session-canary", CanExpire: true, Expires: exp}
	got, err := MarshalProcess(c)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"secret-canary","SessionToken":"session-canary","Expiration":%q}`,
		exp.UTC().Format(time.RFC3339))
	if string(got) != want {
		t.Fatalf("MarshalProcess =\n%s\nwant\n%s", got, want)
	}
	var back struct{ Expiration time.Time }
	if err := json.Unmarshal(got, &back); err != nil || !back.Expiration.Equal(exp) {
		t.Errorf("Expiration round trip = %v, %v; want %v", back.Expiration, err, exp)
	}
}

func TestMarshalProcessRefuses(t *testing.T) {
	tests := []struct {
		name string
		c    aws.Credentials
		want error
	}{
		{"expired", aws.Credentials{AccessKeyID: "A", SecretAccessKey: "S", CanExpire: true, Expires: time.Now().Add(-time.Second)}, ErrCredentialsExpired},
		{"no secret", aws.Credentials{AccessKeyID: "A"}, nil},
		{"empty", aws.Credentials{}, nil},
	}
	for _, tt := range tests {
		_, err := MarshalProcess(tt.c)
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestMarshalProcessLongTermKeys(t *testing.T) {
	got, err := MarshalProcess(aws.Credentials{AccessKeyID: "AKIA", SecretAccessKey: "S"})
	if err != nil || string(got) != `{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"S"}` {
		t.Fatalf("MarshalProcess = %s, %v", got, err)
	}
}

func TestProcessCredentialsNeverPrintSecrets(t *testing.T) {
	exp := time.Now()
	p := ProcessCredentials{Version: 1, AccessKeyId: "ASIA", SecretAccessKey: "secret-canary", SessionToken: "session-canary", Expiration: &exp}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("creds", "p", p)
	outputs := []string{fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s %q", p, p, p, p, p), fmt.Sprintf("%v", &p), logged.String()}
	for _, out := range outputs {
		if strings.Contains(out, "canary") {
			t.Errorf("secret printed: %s", out)
		}
	}
}
