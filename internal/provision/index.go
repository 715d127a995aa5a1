package provision

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// index is the application's native index.
type index struct {
	s         *stack
	name, app string
}

func (x *index) Type() string        { return "AWS::QBusiness::Index" }
func (x *index) Name() string        { return x.name }
func (x *index) DependsOn() []string { return []string{x.app} }

func (x *index) Lookup(ctx context.Context) (Found, error) {
	x.s.out.IndexID = ""
	if x.s.out.ApplicationID == "" {
		return Found{}, nil
	}
	pages := qbusiness.NewListIndicesPaginator(x.s.c.Q, &qbusiness.ListIndicesInput{ApplicationId: aws.String(x.s.out.ApplicationID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return Found{}, err
		}
		for _, ix := range page.Indices {
			if aws.ToString(ix.DisplayName) != x.name {
				continue
			}
			x.s.out.IndexID = aws.ToString(ix.IndexId)
			f := Found{Exists: true, Managed: true, ARN: x.s.out.ApplicationARN + "/index/" + x.s.out.IndexID}
			if ix.Status != qtypes.IndexStatusActive {
				f.Drift = "status " + string(ix.Status)
			}
			return f, nil
		}
	}
	return Found{}, nil
}

func (x *index) Create(ctx context.Context) error {
	out, err := x.s.c.Q.CreateIndex(ctx, &qbusiness.CreateIndexInput{ApplicationId: aws.String(x.s.out.ApplicationID),
		DisplayName: aws.String(x.name), Description: aws.String("Index of " + x.s.prefix + ", managed by qbiz"),
		Type: qtypes.IndexTypeEnterprise, Tags: x.s.qTags()})
	if err != nil {
		return err
	}
	x.s.out.IndexID = aws.ToString(out.IndexId)
	return x.Update(ctx)
}

// Update waits for the index to be ACTIVE.
func (x *index) Update(ctx context.Context) error {
	in := &qbusiness.GetIndexInput{ApplicationId: aws.String(x.s.out.ApplicationID), IndexId: aws.String(x.s.out.IndexID)}
	return x.s.poll.until(ctx, "Q Business index "+x.name, func(ctx context.Context) (string, bool, error) {
		got, err := x.s.c.Q.GetIndex(ctx, in)
		if err != nil {
			return "", false, err
		}
		return string(got.Status), got.Status == qtypes.IndexStatusActive, failed(got.Status == qtypes.IndexStatusFailed, got.Error)
	})
}

func (x *index) Delete(ctx context.Context) error {
	in := &qbusiness.GetIndexInput{ApplicationId: aws.String(x.s.out.ApplicationID), IndexId: aws.String(x.s.out.IndexID)}
	if _, err := x.s.c.Q.DeleteIndex(ctx, &qbusiness.DeleteIndexInput{ApplicationId: in.ApplicationId, IndexId: in.IndexId}); err != nil {
		return err
	}
	return x.s.poll.until(ctx, "Q Business index "+x.name+" to be deleted", func(ctx context.Context) (string, bool, error) {
		got, err := x.s.c.Q.GetIndex(ctx, in)
		if notFound(err) {
			return "", true, nil
		}
		if err != nil {
			return "", false, err
		}
		return string(got.Status), false, nil
	})
}
