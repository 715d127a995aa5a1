package sts_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	stssvc "github.com/qbiz/qbiz/internal/sandbox/sts"
)

func TestAssumeRoleWithContext(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rootTrust := func(actions string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":` + actions + `}]}`
	}
	tip := f.createRole(t, "tip", rootTrust(`["sts:AssumeRole","sts:SetContext","sts:TagSession"]`), 3600)
	plain := f.createRole(t, "plain", rootTrust(`"sts:AssumeRole"`), 3600)
	foreign := f.createRole(t, "foreign", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}`, 3600)
	a := f.h.Gate.Authority
	valid, _ := a.SealContext(awsauth.IdentityContext{UserID: "u-1", IdentityStoreID: "d-1", ExpiresAt: time.Now().Add(time.Hour)})
	expired, _ := a.SealContext(awsauth.IdentityContext{UserID: "u-1", ExpiresAt: time.Now().Add(-time.Minute)})
	tampered := valid[:len(valid)-4] + "AAAA"
	pc := func(arn, assertion string) []types.ProvidedContext {
		return []types.ProvidedContext{{ProviderArn: aws.String(arn), ContextAssertion: aws.String(assertion)}}
	}
	nobodyARN := f.store.CreateUser("nobody")
	nobody := a.NewLongTermKey(awsauth.Principal{Account: acct, ARN: nobodyARN, Kind: "user", UserID: "AIDANOBODY"})
	cases := []struct {
		name      string
		client    *sts.Client
		in        sts.AssumeRoleInput
		code, msg string
	}{
		{"plain", f.sts, sts.AssumeRoleInput{RoleArn: &plain}, "", ""},
		{"with context", f.sts, sts.AssumeRoleInput{RoleArn: &tip, ProvidedContexts: pc(awsauth.ContextProviderARN, valid)}, "", ""},
		{"tampered context", f.sts, sts.AssumeRoleInput{RoleArn: &tip, ProvidedContexts: pc(awsauth.ContextProviderARN, tampered)}, "InvalidParameterValue", ""},
		{"expired context", f.sts, sts.AssumeRoleInput{RoleArn: &tip, ProvidedContexts: pc(awsauth.ContextProviderARN, expired)}, "ExpiredTokenException", ""},
		{"wrong provider", f.sts, sts.AssumeRoleInput{RoleArn: &tip, ProvidedContexts: pc("arn:aws:iam::aws:contextProvider/Other", valid)}, "InvalidParameterValue", ""},
		{"missing SetContext", f.sts, sts.AssumeRoleInput{RoleArn: &plain, ProvidedContexts: pc(awsauth.ContextProviderARN, valid)}, "AccessDenied",
			"User: arn:aws:iam::" + acct + ":user/qbiz-admin is not authorized to perform: sts:AssumeRole on resource: " + plain},
		{"tags need TagSession", f.sts, sts.AssumeRoleInput{RoleArn: &plain, Tags: []types.Tag{{Key: aws.String("Email"), Value: aws.String("x@example.com")}}}, "AccessDenied", ""},
		{"tags ok", f.sts, sts.AssumeRoleInput{RoleArn: &tip, Tags: []types.Tag{{Key: aws.String("Email"), Value: aws.String("x@example.com")}}}, "", ""},
		{"duplicate tags", f.sts, sts.AssumeRoleInput{RoleArn: &tip, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("A"), Value: aws.String("2")}}}, "InvalidParameterValue",
			"Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"trust names another account", f.sts, sts.AssumeRoleInput{RoleArn: &foreign}, "AccessDenied", ""},
		{"unknown role", f.sts, sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/nope")}, "AccessDenied", ""},
		{"caller without policy", f.stsAs(nobody.SDK()), sts.AssumeRoleInput{RoleArn: &plain}, "AccessDenied",
			"User: " + nobodyARN + " is not authorized to perform: sts:AssumeRole on resource: " + plain},
		{"bad session name", f.sts, sts.AssumeRoleInput{RoleArn: &plain, RoleSessionName: aws.String("Session1:2")}, "ValidationError",
			"1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"},
		{"short duration", f.sts, sts.AssumeRoleInput{RoleArn: &plain, DurationSeconds: aws.Int32(600)}, "ValidationError",
			"1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"above role max", f.sts, sts.AssumeRoleInput{RoleArn: &plain, DurationSeconds: aws.Int32(7200)}, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.RoleSessionName == nil {
				in.RoleSessionName = aws.String("s1")
			}
			out, err := tc.client.AssumeRole(ctx, &in)
			if tc.code != "" {
				wantAPIError(t, err, tc.code, tc.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, p, err := a.Resolve(*out.Credentials.AccessKeyId, *out.Credentials.SessionToken)
			if err != nil || p.Kind != "assumed-role" || p.RoleARN != *in.RoleArn || (in.ProvidedContexts != nil) != (p.Context != nil) {
				t.Fatalf("principal = %+v, %v", p, err)
			}
			if p.Context != nil && p.Context.UserID != "u-1" {
				t.Fatalf("context = %+v", p.Context)
			}
		})
	}
	t.Run("role chaining is capped at one hour", func(t *testing.T) {
		out, err := f.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: &tip, RoleSessionName: aws.String("s1")})
		if err != nil {
			t.Fatal(err)
		}
		creds := aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}
		_, err = f.stsAs(creds).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: &plain, RoleSessionName: aws.String("s2"), DurationSeconds: aws.Int32(7200)})
		wantAPIError(t, err, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	})
}

func TestSigV4ThroughGate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	good := f.h.Admin.SDK()
	sessionOut, err := f.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(f.createRole(t, "r",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:root"},"Action":"sts:AssumeRole"}]}`, 3600)), RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	session := aws.Credentials{AccessKeyID: *sessionOut.Credentials.AccessKeyId, SecretAccessKey: *sessionOut.Credentials.SecretAccessKey, SessionToken: *sessionOut.Credentials.SessionToken}
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	cases := []struct {
		name            string
		creds           aws.Credentials
		region, service string
		at              time.Time
		tamper          func(r *http.Request)
		status          int
		code            string
	}{
		{"good", good, "us-east-1", "sts", time.Now(), nil, 200, ""},
		{"good session", session, "us-east-1", "sts", time.Now(), nil, 200, ""},
		{"bad secret", aws.Credentials{AccessKeyID: good.AccessKeyID, SecretAccessKey: "wrong"}, "us-east-1", "sts", time.Now(), nil, 403, "SignatureDoesNotMatch"},
		{"changed body", good, "us-east-1", "sts", time.Now(), func(r *http.Request) { r.Body = ioNop(body + "&x=1"); r.ContentLength = int64(len(body) + 4) }, 403, "SignatureDoesNotMatch"},
		{"missing token", aws.Credentials{AccessKeyID: session.AccessKeyID, SecretAccessKey: session.SecretAccessKey}, "us-east-1", "sts", time.Now(), nil, 403, "InvalidClientTokenId"},
		{"changed token", session, "us-east-1", "sts", time.Now(), func(r *http.Request) { r.Header.Set("X-Amz-Security-Token", session.SessionToken+"x") }, 403, "InvalidClientTokenId"},
		{"skewed", good, "us-east-1", "sts", time.Now().Add(-20 * time.Minute), nil, 403, "SignatureDoesNotMatch"},
		{"wrong region", good, "eu-west-1", "sts", time.Now(), nil, 403, "SignatureDoesNotMatch"},
		{"wrong service", good, "us-east-1", "iam", time.Now(), nil, 403, "SignatureDoesNotMatch"},
		{"unsigned", aws.Credentials{}, "", "", time.Time{}, nil, 403, "MissingAuthenticationToken"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, f.h.URL+"/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			if tc.service != "" {
				sum := sha256.Sum256([]byte(body))
				if err := v4.NewSigner().SignHTTP(ctx, tc.creds, req, hex.EncodeToString(sum[:]), tc.service, tc.region, tc.at); err != nil {
					t.Fatal(err)
				}
			}
			if tc.tamper != nil {
				tc.tamper(req)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b bytes.Buffer
			_, _ = b.ReadFrom(resp.Body)
			if resp.StatusCode != tc.status || (tc.code != "" && !strings.Contains(b.String(), "<Code>"+tc.code+"</Code>")) {
				t.Fatalf("status %d body %s", resp.StatusCode, b.String())
			}
		})
	}
	t.Run("expired credentials", func(t *testing.T) {
		lifetime = func(time.Duration) time.Duration { return time.Nanosecond }
		defer func() { lifetime = nil }()
		out, err := f.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sessionOut.AssumedRoleUser.Arn, RoleSessionName: aws.String("s1")})
		if err == nil {
			t.Fatal("assumed-role ARN accepted as RoleArn")
		}
		out, err = f.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/r"), RoleSessionName: aws.String("s1")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.stsAs(aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}).
			GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "ExpiredToken", "The security token included in the request is expired")
	})
}

func FuzzForm(f *testing.F) {
	for _, s := range []string{"Action=GetCallerIdentity&Version=2011-06-15", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s",
		"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=x&RoleSessionName=s&WebIdentityToken=a.b.c", "Action=AssumeRoleWithSAML&Version=2011-06-15&SAMLAssertion=PHg%2B",
		"Action=AssumeRole&Version=2011-06-15&ProvidedContexts.member.1.ProviderArn=" + awsauth.ContextProviderARN + "&ProvidedContexts.member.1.ContextAssertion=abcd", "%zz", "Action=X&Action=Y"} {
		f.Add(s)
	}
	a, err := awsauth.NewAuthority(bytes.Repeat([]byte{1}, 32), nil)
	if err != nil {
		f.Fatal(err)
	}
	h := stssvc.New(stssvc.Options{Account: acct, Region: "us-east-1", Authority: a, IAM: newEmptyStore()})
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 1<<16 {
			return
		}
		_ = stssvc.Anonymous(httptest.NewRequest(http.MethodPost, "/", nil), []byte(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)))
		if rec.Code != 200 && (rec.Code < 400 || rec.Code > 599) {
			t.Fatalf("status %d", rec.Code)
		}
	})
}
