package ssoadmin_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
)

func TestListTagsForResource(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	app := f.createApp(t, "a1")
	tti := f.createTTI(t, "t1", "https://t1.example.com")
	if _, err := f.client.TagResource(ctx, &ssoadmin.TagResourceInput{InstanceArn: &f.inst, ResourceArn: &app,
		Tags: []types.Tag{{Key: aws.String("qbiz:managed"), Value: aws.String("acme")}}}); err != nil {
		t.Fatal(err)
	}
	for arn, want := range map[string]int{app: 1, tti: 0} {
		out, err := f.client.ListTagsForResource(ctx, &ssoadmin.ListTagsForResourceInput{InstanceArn: &f.inst, ResourceArn: aws.String(arn)})
		if err != nil || len(out.Tags) != want {
			t.Fatalf("tags of %s: %v %v, want %d", arn, out, err, want)
		}
		if want == 1 && (aws.ToString(out.Tags[0].Key) != "qbiz:managed" || aws.ToString(out.Tags[0].Value) != "acme") {
			t.Fatalf("tag %v", out.Tags[0])
		}
	}
	if _, err := f.client.DeleteApplication(ctx, &ssoadmin.DeleteApplicationInput{ApplicationArn: &app}); err != nil {
		t.Fatal(err)
	}
	_, err := f.client.ListTagsForResource(ctx, &ssoadmin.ListTagsForResourceInput{InstanceArn: &f.inst, ResourceArn: &app})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("tags of a deleted application: %v", err)
	}
}
