package secrets_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	"github.com/qbiz/qbiz/internal/sandbox/secrets"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newClient(t *testing.T) (*sm.Client, *clock) {
	t.Helper()
	h := gatetest.New(t)
	s := secrets.NewStore()
	clk := &clock{t: time.Now()}
	s.Now = clk.now
	h.Mount("/", gate.Service{Name: "secretsmanager", SigningName: "secretsmanager", Family: awsauth.JSON,
		JSONContentType: wire.ContentTypeAWSJSON11, Handler: secrets.NewHandler(s, nil)})
	h.Start(t)
	return sm.NewFromConfig(h.Config(h.Admin)), clk
}

func code(t *testing.T, err error) (string, int, string) {
	t.Helper()
	return gatetest.APIError(t, err)
}

func TestCreateGetDescribe(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	out, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("qbiz/gateway/client-secret"), SecretString: aws.String("s3cret"), Description: aws.String("d")})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(out.ARN)
	prefix := "arn:aws:secretsmanager:us-east-1:123456789012:secret:qbiz/gateway/client-secret-"
	if !strings.HasPrefix(arn, prefix) || len(arn) != len(prefix)+6 || aws.ToString(out.VersionId) == "" {
		t.Fatalf("create = %s %s", arn, aws.ToString(out.VersionId))
	}
	for _, id := range []string{"qbiz/gateway/client-secret", arn, strings.TrimSuffix(arn, arn[len(arn)-7:])} {
		got, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(id)})
		if err != nil {
			t.Fatalf("get %s: %v", id, err)
		}
		if aws.ToString(got.SecretString) != "s3cret" || got.VersionStages[0] != "AWSCURRENT" || got.CreatedDate == nil {
			t.Fatalf("get %s = %+v", id, got)
		}
	}
	d, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(arn)})
	if err != nil || aws.ToString(d.Description) != "d" || len(d.VersionIdsToStages) != 1 || d.DeletedDate != nil {
		t.Fatalf("describe = %+v, %v", d, err)
	}
	bin, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("bin"), SecretBinary: []byte{0, 1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	gb, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: bin.ARN})
	if err != nil || string(gb.SecretBinary) != "\x00\x01\x02" {
		t.Fatalf("binary = %v, %v", gb, err)
	}
}

func TestErrors(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("dup"), SecretString: aws.String("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("empty")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		call     func() error
		wantCode string
		wantMsg  string
	}{
		{"unknown secret", func() error {
			_, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."},
		{"no value", func() error {
			_, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("empty")})
			return err
		}, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"},
		{"duplicate", func() error {
			_, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("dup"), SecretString: aws.String("y")})
			return err
		}, "ResourceExistsException", "The operation failed because the secret dup already exists."},
		{"bad name", func() error {
			_, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("bad name"), SecretString: aws.String("y")})
			return err
		}, "ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"},
		{"both values", func() error {
			_, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("both"), SecretString: aws.String("y"), SecretBinary: []byte("z")})
			return err
		}, "InvalidParameterException", ""},
		{"stage mismatch", func() error {
			d, _ := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("dup")})
			var vid string
			for k := range d.VersionIdsToStages {
				vid = k
			}
			_, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("dup"), VersionId: aws.String(vid), VersionStage: aws.String("AWSPREVIOUS")})
			return err
		}, "InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId."},
		{"bad window", func() error {
			_, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String("dup"), RecoveryWindowInDays: aws.Int64(3)})
			return err
		}, "InvalidParameterException", ""},
		{"force and window", func() error {
			_, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String("dup"), RecoveryWindowInDays: aws.Int64(7), ForceDeleteWithoutRecovery: aws.Bool(true)})
			return err
		}, "InvalidParameterException", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, status, msg := code(t, tt.call())
			if got != tt.wantCode || status != 400 || (tt.wantMsg != "" && msg != tt.wantMsg) {
				t.Fatalf("got %s %d %q, want %s 400 %q", got, status, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	var nf *types.ResourceNotFoundException
	_, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("nope")})
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Secrets Manager can't find the specified secret." {
		t.Fatalf("typed error = %v", err)
	}
}

func TestIdempotentCreate(t *testing.T) {
	c, _ := newClient(t)
	in := &sm.CreateSecretInput{Name: aws.String("idem"), SecretString: aws.String("v"), ClientRequestToken: aws.String("00000000-0000-4000-8000-000000000001")}
	a, err := c.CreateSecret(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.CreateSecret(context.Background(), in)
	if err != nil || aws.ToString(a.ARN) != aws.ToString(b.ARN) {
		t.Fatalf("replay = %v, %v", b, err)
	}
}

func TestScheduledDeletion(t *testing.T) {
	c, clk := newClient(t)
	ctx := context.Background()
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("gone"), SecretString: aws.String("v")}); err != nil {
		t.Fatal(err)
	}
	del, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String("gone"), RecoveryWindowInDays: aws.Int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	if got := del.DeletionDate.Sub(clk.t); got < 7*24*time.Hour-time.Second || got > 7*24*time.Hour+time.Second {
		t.Fatalf("deletion date in %v", got)
	}
	_, err = c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("gone")})
	if got, _, msg := code(t, err); got != "InvalidRequestException" || !strings.Contains(msg, "marked for deletion") {
		t.Fatalf("get scheduled = %s %s", got, msg)
	}
	d, err := c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("gone")})
	if err != nil || d.DeletedDate == nil {
		t.Fatalf("describe scheduled = %+v, %v", d, err)
	}
	_, err = c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("gone"), SecretString: aws.String("v")})
	if got, _, _ := code(t, err); got != "InvalidRequestException" {
		t.Fatalf("recreate scheduled = %s", got)
	}
	_, err = c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String("gone")})
	if got, _, _ := code(t, err); got != "InvalidRequestException" {
		t.Fatalf("delete twice = %s", got)
	}
	clk.t = clk.t.Add(8 * 24 * time.Hour)
	_, err = c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("gone")})
	if got, _, _ := code(t, err); got != "ResourceNotFoundException" {
		t.Fatalf("after window = %s", got)
	}
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("gone"), SecretString: aws.String("v2")}); err != nil {
		t.Fatalf("recreate after window: %v", err)
	}
	if _, err := c.DeleteSecret(ctx, &sm.DeleteSecretInput{SecretId: aws.String("gone"), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String("gone")})
	if got, _, _ := code(t, err); got != "ResourceNotFoundException" {
		t.Fatalf("after force = %s", got)
	}
}

func TestSnapshotRestore(t *testing.T) {
	s := secrets.NewStore()
	b, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := secrets.NewStore().Restore(b); err != nil {
		t.Fatal(err)
	}
	if err := secrets.NewStore().Restore([]byte(`{"x":null}`)); err == nil {
		t.Fatal("restore accepted a nil secret")
	}
}
