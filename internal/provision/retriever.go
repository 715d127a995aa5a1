package provision

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// retriever is the application's retriever over its native index.
type retriever struct {
	s                *stack
	name, app, index string
}

func (r *retriever) Type() string        { return "AWS::QBusiness::Retriever" }
func (r *retriever) Name() string        { return r.name }
func (r *retriever) DependsOn() []string { return []string{r.app, r.index} }

func (r *retriever) Lookup(ctx context.Context) (Found, error) {
	r.s.out.RetrieverID = ""
	if r.s.out.ApplicationID == "" {
		return Found{}, nil
	}
	pages := qbusiness.NewListRetrieversPaginator(r.s.c.Q, &qbusiness.ListRetrieversInput{ApplicationId: aws.String(r.s.out.ApplicationID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return Found{}, err
		}
		for _, rt := range page.Retrievers {
			if aws.ToString(rt.DisplayName) == r.name {
				r.s.out.RetrieverID = aws.ToString(rt.RetrieverId)
				return Found{Exists: true, Managed: true, ARN: r.s.out.ApplicationARN + "/retriever/" + r.s.out.RetrieverID}, nil
			}
		}
	}
	return Found{}, nil
}

func (r *retriever) Create(ctx context.Context) error {
	out, err := r.s.c.Q.CreateRetriever(ctx, &qbusiness.CreateRetrieverInput{ApplicationId: aws.String(r.s.out.ApplicationID),
		DisplayName: aws.String(r.name), Type: qtypes.RetrieverTypeNativeIndex, Tags: r.s.qTags(),
		Configuration: &qtypes.RetrieverConfigurationMemberNativeIndexConfiguration{
			Value: qtypes.NativeIndexConfiguration{IndexId: aws.String(r.s.out.IndexID)}}})
	if err != nil {
		return err
	}
	r.s.out.RetrieverID = aws.ToString(out.RetrieverId)
	return nil
}

func (r *retriever) Update(context.Context) error { return nil }

func (r *retriever) Delete(ctx context.Context) error {
	_, err := r.s.c.Q.DeleteRetriever(ctx, &qbusiness.DeleteRetrieverInput{ApplicationId: aws.String(r.s.out.ApplicationID),
		RetrieverId: aws.String(r.s.out.RetrieverID)})
	return err
}
