package qchat

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// MaxSearchResults bounds one search.
const MaxSearchResults = 100

// SearchAPI is the part of the Q Business client a search uses. The SDK
// client has it; an API without it cannot search.
type SearchAPI interface {
	ListRetrievers(ctx context.Context, in *qbusiness.ListRetrieversInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ListRetrieversOutput, error)
	SearchRelevantContent(ctx context.Context, in *qbusiness.SearchRelevantContentInput, optFns ...func(*qbusiness.Options)) (*qbusiness.SearchRelevantContentOutput, error)
}

// errNoSearch means the client's API lacks SearchAPI.
var errNoSearch = errors.New("this Q Business client cannot search")

// Hit is one document a search found, readable by the user.
type Hit struct {
	DocumentID string `json:"documentId"`
	Title      string `json:"title"`
	URL        string `json:"url,omitempty"`
	Snippet    string `json:"snippet"`
	// Confidence is Q Business's score confidence (VERY_HIGH … LOW).
	Confidence string `json:"confidence,omitempty"`
}

// Search returns up to limit (1..MaxSearchResults) of the documents of the
// application's retriever that match query and that the user may read,
// best first: Q Business filters them by the documents' ACLs for the
// identity the credentials carry.
func (c *Client) Search(ctx context.Context, query string, limit int) (out []Hit, err error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("%w: the search query is empty", ErrInvalidInput)
	}
	if limit < 1 || limit > MaxSearchResults {
		return nil, fmt.Errorf("%w: a search returns between 1 and %d results", ErrInvalidInput, MaxSearchResults)
	}
	api, ok := c.api.(SearchAPI)
	if !ok {
		return nil, errNoSearch
	}
	retriever, err := c.retriever(ctx, api)
	if err != nil {
		return nil, err
	}
	in := &qbusiness.SearchRelevantContentInput{ApplicationId: aws.String(c.appID), QueryText: aws.String(query),
		ContentSource: &types.ContentSourceMemberRetriever{Value: types.RetrieverContentSource{RetrieverId: aws.String(retriever)}},
		MaxResults:    aws.Int32(int32(limit))}
	err = c.subscribed(ctx, func() error {
		res, err := api.SearchRelevantContent(ctx, in, c.signAsUser)
		if err == nil {
			out = hitsFrom(res.RelevantContent)
		}
		return err
	})
	if err != nil {
		return nil, c.fail(opSearch, fmt.Errorf("search: %w", err))
	}
	return out, nil
}

// retriever returns the id of the application's first retriever, the one
// its chat answers from.
func (c *Client) retriever(ctx context.Context, api SearchAPI) (string, error) {
	var out *qbusiness.ListRetrieversOutput
	err := c.subscribed(ctx, func() (err error) {
		out, err = api.ListRetrievers(ctx, &qbusiness.ListRetrieversInput{ApplicationId: aws.String(c.appID)}, c.signAsUser)
		return err
	})
	if err != nil {
		return "", c.fail(opListRetrievers, fmt.Errorf("list retrievers: %w", err))
	}
	if len(out.Retrievers) == 0 {
		return "", fmt.Errorf("%w: application %s has no retriever to search", ErrNotFound, c.appID)
	}
	return aws.ToString(out.Retrievers[0].RetrieverId), nil
}

func hitsFrom(rc []types.RelevantContent) []Hit {
	out := make([]Hit, 0, len(rc))
	for _, r := range rc {
		h := Hit{DocumentID: aws.ToString(r.DocumentId), Title: aws.ToString(r.DocumentTitle), URL: aws.ToString(r.DocumentUri),
			Snippet: aws.ToString(r.Content)}
		if r.ScoreAttributes != nil {
			h.Confidence = string(r.ScoreAttributes.ScoreConfidence)
		}
		out = append(out, h)
	}
	return out
}
