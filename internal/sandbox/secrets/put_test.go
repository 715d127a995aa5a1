package secrets_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func TestPutSecretValue(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()
	if _, err := c.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("s"), SecretString: aws.String("one")}); err != nil {
		t.Fatal(err)
	}
	token := aws.String("0123456789abcdef0123456789abcdef")
	put, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("s"), SecretString: aws.String("two"), ClientRequestToken: token})
	if err != nil || !slices.Equal(put.VersionStages, []string{"AWSCURRENT"}) {
		t.Fatalf("put: %v %v", put, err)
	}
	for stage, want := range map[string]string{"AWSCURRENT": "two", "AWSPREVIOUS": "one"} {
		got, err := c.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String("s"), VersionStage: aws.String(stage)})
		if err != nil || aws.ToString(got.SecretString) != want {
			t.Fatalf("%s: %v %v, want %s", stage, got, err, want)
		}
	}
	if _, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("s"), SecretString: aws.String("two"), ClientRequestToken: token}); err != nil {
		t.Fatalf("a retried put: %v", err)
	}
	if _, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("s"), SecretString: aws.String("three"), ClientRequestToken: token}); err == nil {
		t.Fatal("another value under a used token was accepted")
	} else if got, _, _ := code(t, err); got != "ResourceExistsException" {
		t.Fatalf("reused token: %s", got)
	}
	if _, err := c.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("missing"), SecretString: aws.String("x")}); err == nil {
		t.Fatal("put to a missing secret succeeded")
	} else if got, _, _ := code(t, err); got != "ResourceNotFoundException" {
		t.Fatalf("missing secret: %s", got)
	}
}
