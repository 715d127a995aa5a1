package gate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const (
	getCaller   = "Action=GetCallerIdentity&Version=2011-06-15"
	webIdentity = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s&WebIdentityToken=t"
)

func TestBodyOverMaxBody(t *testing.T) {
	cases := []struct {
		name, path, service string
		size                int
		status              int
		code                string
	}{
		{"query over", "/", "sts", wire.MaxBody + 1, 413, "ValidationError"},
		{"json over", "/applications/a/conversations", "qbusiness", wire.MaxBody + 1, 413, "ValidationException"},
		{"query at limit reaches auth", "/", "sts", wire.MaxBody, 403, "MissingAuthenticationToken"},
		{"json at limit reaches auth", "/applications/a/conversations", "qbusiness", wire.MaxBody, 403, "MissingAuthenticationTokenException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			got := w.send(t, w.request(t, tc.path, bytes.Repeat([]byte("a"), tc.size), tc.service, nil))
			if got.status != tc.status || got.errType != tc.code {
				t.Fatalf("got %d %s, want %d %s", got.status, got.errType, tc.status, tc.code)
			}
			if got.header.Get("x-amzn-RequestId") == "" {
				t.Fatal("no request id")
			}
			if len(w.takeCalls()) != 0 {
				t.Fatal("handler ran")
			}
			if e := w.g.Ledger.Entries(nil); len(e) != 1 || e[0].Status != tc.status {
				t.Fatalf("ledger %+v", e)
			}
		})
	}
	t.Run("signed over the limit", func(t *testing.T) {
		w := newWorld(t)
		body := bytes.Repeat([]byte("a"), wire.MaxBody+1)
		got := w.send(t, w.request(t, "/", body, "sts", creds(w.admin)))
		if got.status != 413 || got.errType != "ValidationError" || got.message != "Request body exceeds the maximum size of 12582912 bytes" {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestAnonymousOperations(t *testing.T) {
	cases := []struct {
		name      string
		body      string
		sign      func(w *world) *aws.Credentials
		status    int
		code      string
		wantARN   string // ARN the handler saw; "-" = handler did not run
		anonymous bool
	}{
		{name: "unsigned anonymous op served", body: webIdentity, status: 200, anonymous: true},
		{name: "unsigned signed op refused", body: getCaller, status: 403, code: "MissingAuthenticationToken", wantARN: "-"},
		{name: "signed anonymous op verified", body: webIdentity, status: 200, wantARN: "arn:aws:iam::123456789012:user/admin",
			sign: func(w *world) *aws.Credentials { return creds(w.admin) }},
		{name: "badly signed anonymous op refused", body: webIdentity, status: 403, code: "SignatureDoesNotMatch", wantARN: "-",
			sign: func(w *world) *aws.Credentials {
				c := creds(w.admin)
				c.SecretAccessKey = strings.Repeat("x", 40)
				return c
			}},
		{name: "unknown key on anonymous op refused", body: webIdentity, status: 403, code: "InvalidClientTokenId", wantARN: "-",
			sign: func(*world) *aws.Credentials {
				return &aws.Credentials{AccessKeyID: "AKIAUNKNOWNUNKNOWN00", SecretAccessKey: "s"}
			}},
		{name: "signed op served", body: getCaller, status: 200, wantARN: "arn:aws:iam::123456789012:user/admin",
			sign: func(w *world) *aws.Credentials { return creds(w.admin) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			var c *aws.Credentials
			if tc.sign != nil {
				c = tc.sign(w)
			}
			got := w.send(t, w.request(t, "/", []byte(tc.body), "sts", c))
			if got.status != tc.status || got.errType != tc.code {
				t.Fatalf("got %d %s %q, want %d %s", got.status, got.errType, got.message, tc.status, tc.code)
			}
			calls := w.takeCalls()
			if tc.wantARN == "-" {
				if len(calls) != 0 {
					t.Fatal("handler ran")
				}
				return
			}
			if len(calls) != 1 || calls[0].body != tc.body {
				t.Fatalf("handler calls %+v", calls)
			}
			v := calls[0].verified
			if tc.anonymous != (v == nil) || (v != nil && v.Principal.ARN != tc.wantARN) {
				t.Fatalf("handler saw %+v", v)
			}
		})
	}
}

// TestStreamingNotBuffered: the handler reads the first part of a streaming
// body while the client is still holding back the rest.
func TestStreamingNotBuffered(t *testing.T) {
	w := newWorld(t)
	sawFirst := make(chan string, 1)
	w.stream = func(rw http.ResponseWriter, r *http.Request) {
		if awsauth.FromContext(r.Context()) == nil {
			t.Error("streaming request not verified")
		}
		buf := make([]byte, len("part1"))
		_, err := io.ReadFull(r.Body, buf)
		sawFirst <- string(buf)
		if err != nil {
			t.Errorf("read first part: %v", err)
			return
		}
		rest, _ := io.ReadAll(r.Body)
		wire.WriteJSON(rw, r, wire.ContentTypeJSON, 200, map[string]string{"rest": string(rest)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // guard only, never asserted on
	defer cancel()
	pr, pw := io.Pipe()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.srv.URL+"/applications/a/stream", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Content-Sha256", awsauth.StreamingPayload)
	if err := v4.NewSigner().SignHTTP(ctx, w.admin.SDK(), req, awsauth.StreamingPayload, "qbusiness", region, time.Now()); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = pw.Write([]byte("part1"))
		select {
		case <-sawFirst:
		case <-ctx.Done():
		}
		_, _ = pw.Write([]byte("part2"))
		_ = pw.Close()
	}()
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out["rest"] != "part2" {
		t.Fatalf("status %d body %v err %v", resp.StatusCode, out, err)
	}
	if e := w.g.Ledger.Entries(nil); len(e) != 1 || e[0].Operation != "Chat" || e[0].Status != 200 {
		t.Fatalf("ledger %+v", e)
	}
}

func TestStreamingRequiresSignature(t *testing.T) {
	w := newWorld(t)
	w.stream = func(http.ResponseWriter, *http.Request) { t.Error("handler ran") }
	req := w.request(t, "/applications/a/stream", []byte("x"), "qbusiness", nil)
	if got := w.send(t, req); got.status != 403 || got.errType != "MissingAuthenticationTokenException" {
		t.Fatalf("got %+v", got)
	}
}

func TestFaults(t *testing.T) {
	cases := []struct {
		name, svc, path, body string
		rule                  faults.Rule
		status                int
		code, message         string
	}{
		{"query throttle", "sts", "/", getCaller, faults.Rule{ThrottleNext: 1}, 400, "Throttling", "Rate exceeded"},
		{"query failure", "sts", "/", getCaller, faults.Rule{FailNext: 1}, 500, "ServiceFailure", "An internal error occurred. Please try again."},
		{"json throttle", "qbusiness", "/applications/a/conversations", "{}", faults.Rule{ThrottleNext: 1}, 429, "ThrottlingException", ""},
		{"json failure", "qbusiness", "/applications/a/conversations", "{}", faults.Rule{FailNext: 1}, 500, "InternalServerException", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.g.Faults.Set(tc.svc, tc.rule)
			// An unauthenticated request neither gets nor consumes the fault.
			if got := w.send(t, w.request(t, tc.path, []byte(tc.body), tc.svc, nil)); got.status != 403 {
				t.Fatalf("unsigned: %+v", got)
			}
			got := w.send(t, w.request(t, tc.path, []byte(tc.body), tc.svc, creds(w.admin)))
			if got.status != tc.status || got.errType != tc.code || (tc.message != "" && got.message != tc.message) {
				t.Fatalf("got %d %s %q, want %d %s", got.status, got.errType, got.message, tc.status, tc.code)
			}
			if strings.HasPrefix(tc.path, "/applications") {
				var doc map[string]string
				if err := json.Unmarshal([]byte(got.body), &doc); err != nil || doc["__type"] != tc.code || doc["message"] == "" {
					t.Fatalf("json error body %q: %v", got.body, err)
				}
			}
			if len(w.takeCalls()) != 0 {
				t.Fatal("handler ran on a fault")
			}
			if got := w.send(t, w.request(t, tc.path, []byte(tc.body), tc.svc, creds(w.admin))); got.status != 200 {
				t.Fatalf("after the fault: %+v", got)
			}
			entries := w.g.Ledger.Entries(nil)
			if len(entries) != 3 || entries[1].Status != tc.status || entries[1].CallerARN == "" || entries[1].Operation != "" {
				t.Fatalf("ledger %+v", entries)
			}
		})
	}
}

// TestFaultsSeenBySDK: the real STS client reads the injected throttle.
func TestFaultsSeenBySDK(t *testing.T) {
	w := newWorld(t)
	w.g.Faults.Set("sts", faults.Rule{ThrottleNext: 1})
	client := sts.NewFromConfig(aws.Config{Region: region, BaseEndpoint: aws.String(w.srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(w.admin.AccessKeyID, w.admin.SecretAccessKey, "")})
	_, err := client.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "Throttling" || api.ErrorMessage() != "Rate exceeded" {
		t.Fatalf("throttled call: %v", err)
	}
	out, err := client.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/admin" {
		t.Fatalf("next call: %v %+v", err, out)
	}
}

func TestLedgerEntries(t *testing.T) {
	w := newWorld(t)
	tagged, err := w.a.Mint(awsauth.Principal{Account: account, Kind: "assumed-role", ARN: "arn:aws:sts::123456789012:assumed-role/Q/mary",
		Tags: map[string]string{"Email": "mary@example.com"}}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := w.a.Mint(awsauth.Principal{Account: account, Kind: "assumed-role", ARN: "arn:aws:sts::123456789012:assumed-role/Q/tip",
		Tags: map[string]string{"Email": "ignored@example.com"}, Context: &awsauth.IdentityContext{UserID: "u-42"}}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	maryP := &ledger.Principal{ARN: "arn:aws:sts::123456789012:assumed-role/Q/mary", Kind: "assumed-role", Email: "mary@example.com"}
	tipP := &ledger.Principal{ARN: "arn:aws:sts::123456789012:assumed-role/Q/tip", Kind: "assumed-role", Email: "ignored@example.com", IDCUser: "u-42"}
	adminP := &ledger.Principal{ARN: "arn:aws:iam::123456789012:user/admin", Kind: "user"}
	cases := []struct {
		name, path, body, svc string
		c                     *aws.Credentials
		want                  ledger.Entry
	}{
		{"query with email tag", "/", getCaller, "sts", creds(tagged), ledger.Entry{Service: "sts", Operation: "GetCallerIdentity",
			AccessKeyID: tagged.AccessKeyID, CallerARN: "arn:aws:sts::123456789012:assumed-role/Q/mary", Identity: "mary@example.com", Status: 200,
			Principal: maryP, Detail: map[string]string{"version": "2011-06-15"}}},
		{"json with identity context", "/applications/a/conversations", "{}", "qbusiness", creds(tip), ledger.Entry{Service: "qbusiness", Operation: "ChatSync",
			AccessKeyID: tip.AccessKeyID, CallerARN: "arn:aws:sts::123456789012:assumed-role/Q/tip", Identity: "idc:u-42", Status: 200, Principal: tipP}},
		{"json error code", "/applications/a/denied", "{}", "qbusiness", creds(tagged), ledger.Entry{Service: "qbusiness", Operation: "ChatSync",
			AccessKeyID: tagged.AccessKeyID, CallerARN: "arn:aws:sts::123456789012:assumed-role/Q/mary", Identity: "mary@example.com", Status: 403,
			Code: "AccessDeniedException", Principal: maryP}},
		{"iam user without identity", "/", getCaller, "sts", creds(w.admin), ledger.Entry{Service: "sts", Operation: "GetCallerIdentity",
			AccessKeyID: w.admin.AccessKeyID, CallerARN: "arn:aws:iam::123456789012:user/admin", Status: 200, Principal: adminP,
			Detail: map[string]string{"version": "2011-06-15"}}},
		{"anonymous call naming the session it issued", "/", webIdentity, "sts", nil, ledger.Entry{Service: "sts", Operation: "AssumeRoleWithWebIdentity",
			Status: 200, Principal: issuedSession, Detail: map[string]string{"version": "2011-06-15"}}},
		{"signed call naming the session it issued", "/", webIdentity, "sts", creds(w.admin), ledger.Entry{Service: "sts", Operation: "AssumeRoleWithWebIdentity",
			AccessKeyID: w.admin.AccessKeyID, CallerARN: "arn:aws:iam::123456789012:user/admin", Status: 200, Principal: issuedSession,
			Detail: map[string]string{"version": "2011-06-15"}}},
		{"authentication failure", "/applications/a/conversations", "{}", "qbusiness", nil, ledger.Entry{Service: "qbusiness", Status: 403,
			Code: "MissingAuthenticationTokenException"}},
		{"query error code from the XML body", "/", getCaller, "sts", nil, ledger.Entry{Service: "sts", Status: 403,
			Code: "MissingAuthenticationToken"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.g.Ledger.Count(nil)
			w.send(t, w.request(t, tc.path, []byte(tc.body), tc.svc, tc.c))
			entries := w.g.Ledger.Entries(nil)
			if len(entries) != before+1 {
				t.Fatalf("%d new entries", len(entries)-before)
			}
			got := entries[len(entries)-1]
			if got.Seq != int64(before+1) || got.Time.IsZero() {
				t.Fatalf("seq %d time %v", got.Seq, got.Time)
			}
			got.Seq, got.Time = 0, time.Time{}
			if !equalEntry(got, tc.want) {
				t.Fatalf("entry\n got %+v (principal %+v)\nwant %+v (principal %+v)", got, got.Principal, tc.want, tc.want.Principal)
			}
		})
	}
}

func equalEntry(a, b ledger.Entry) bool {
	if len(a.Detail) != len(b.Detail) {
		return false
	}
	for k, v := range a.Detail {
		if b.Detail[k] != v {
			return false
		}
	}
	a.Detail, b.Detail = nil, nil
	if !reflect.DeepEqual(a.Principal, b.Principal) {
		return false
	}
	return a.Service == b.Service && a.Operation == b.Operation && a.AccessKeyID == b.AccessKeyID && a.CallerARN == b.CallerARN &&
		a.Identity == b.Identity && a.Status == b.Status && a.Code == b.Code
}
