package qbusiness

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/document"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// resourceOps drives one kind of administered resource through the SDK.
type resourceOps struct {
	name     string
	notFound string // message format for a missing id: id, then parent
	parent   func(e *env) string
	create   func(e *env, n int) (string, error)
	get      func(e *env, id string) (string, error) // returns the displayed name or title
	list     func(e *env, max int32, token *string) ([]string, *string, error)
	remove   func(e *env, id string) error
}

func adminResources() []resourceOps {
	ctx := context.Background()
	app := func(e *env) string { return e.appID }
	return []resourceOps{
		{
			name: "index", notFound: "Index %s not found in application %s.", parent: app,
			get: func(e *env, id string) (string, error) {
				out, err := e.admin.GetIndex(ctx, &qbusiness.GetIndexInput{ApplicationId: &e.appID, IndexId: &id})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.DisplayName) + "/" + string(out.Status) + "/" + aws.ToString(out.ApplicationId), nil
			},
			list: func(e *env, max int32, token *string) ([]string, *string, error) {
				out, err := e.admin.ListIndices(ctx, &qbusiness.ListIndicesInput{ApplicationId: &e.appID, MaxResults: &max, NextToken: token})
				if err != nil {
					return nil, nil, err
				}
				var ids []string
				for _, ix := range out.Indices {
					ids = append(ids, aws.ToString(ix.IndexId))
				}
				return ids, out.NextToken, nil
			},
			remove: func(e *env, id string) error {
				_, err := e.admin.DeleteIndex(ctx, &qbusiness.DeleteIndexInput{ApplicationId: &e.appID, IndexId: &id})
				return err
			},
		},
		{
			name: "retriever", notFound: "Retriever %s not found in application %s.", parent: app,
			get: func(e *env, id string) (string, error) {
				out, err := e.admin.GetRetriever(ctx, &qbusiness.GetRetrieverInput{ApplicationId: &e.appID, RetrieverId: &id})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.DisplayName) + "/" + string(out.Status) + "/" + aws.ToString(out.ApplicationId), nil
			},
			list: func(e *env, max int32, token *string) ([]string, *string, error) {
				out, err := e.admin.ListRetrievers(ctx, &qbusiness.ListRetrieversInput{ApplicationId: &e.appID, MaxResults: &max, NextToken: token})
				if err != nil {
					return nil, nil, err
				}
				var ids []string
				for _, rt := range out.Retrievers {
					ids = append(ids, aws.ToString(rt.RetrieverId))
				}
				return ids, out.NextToken, nil
			},
			remove: func(e *env, id string) error {
				_, err := e.admin.DeleteRetriever(ctx, &qbusiness.DeleteRetrieverInput{ApplicationId: &e.appID, RetrieverId: &id})
				return err
			},
		},
		{
			name: "web experience", notFound: "Web experience %s not found in application %s.", parent: app,
			create: func(e *env, n int) (string, error) {
				out, err := e.admin.CreateWebExperience(ctx, &qbusiness.CreateWebExperienceInput{ApplicationId: &e.appID,
					Title: aws.String("portal " + itoa(n)), SamplePromptsControlMode: types.WebExperienceSamplePromptsControlModeEnabled})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.WebExperienceId), nil
			},
			get: func(e *env, id string) (string, error) {
				out, err := e.admin.GetWebExperience(ctx, &qbusiness.GetWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: &id})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.Title) + "/" + string(out.Status) + "/" + aws.ToString(out.ApplicationId), nil
			},
			list: func(e *env, max int32, token *string) ([]string, *string, error) {
				out, err := e.admin.ListWebExperiences(ctx, &qbusiness.ListWebExperiencesInput{ApplicationId: &e.appID, MaxResults: &max, NextToken: token})
				if err != nil {
					return nil, nil, err
				}
				var ids []string
				for _, we := range out.WebExperiences {
					ids = append(ids, aws.ToString(we.WebExperienceId))
				}
				return ids, out.NextToken, nil
			},
			remove: func(e *env, id string) error {
				_, err := e.admin.DeleteWebExperience(ctx, &qbusiness.DeleteWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: &id})
				return err
			},
		},
		{
			name: "data source", notFound: "Data source %s not found in index %s.", parent: func(e *env) string { return e.index },
			create: func(e *env, n int) (string, error) {
				out, err := e.admin.CreateDataSource(ctx, &qbusiness.CreateDataSourceInput{ApplicationId: &e.appID, IndexId: &e.index,
					DisplayName: aws.String("source-" + itoa(n)), Configuration: document.NewLazyDocument(map[string]any{"type": "S3"})})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.DataSourceId), nil
			},
			get: func(e *env, id string) (string, error) {
				out, err := e.admin.GetDataSource(ctx, &qbusiness.GetDataSourceInput{ApplicationId: &e.appID, IndexId: &e.index, DataSourceId: &id})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.DisplayName) + "/" + string(out.Status) + "/" + aws.ToString(out.ApplicationId), nil
			},
			list: func(e *env, max int32, token *string) ([]string, *string, error) {
				out, err := e.admin.ListDataSources(ctx, &qbusiness.ListDataSourcesInput{ApplicationId: &e.appID, IndexId: &e.index, MaxResults: &max, NextToken: token})
				if err != nil {
					return nil, nil, err
				}
				var ids []string
				for _, ds := range out.DataSources {
					ids = append(ids, aws.ToString(ds.DataSourceId))
				}
				return ids, out.NextToken, nil
			},
			remove: func(e *env, id string) error {
				_, err := e.admin.DeleteDataSource(ctx, &qbusiness.DeleteDataSourceInput{ApplicationId: &e.appID, IndexId: &e.index, DataSourceId: &id})
				return err
			},
		},
	}
}

// TestAdministeredResources: Get, List (paged, tamper-evident tokens),
// Delete and the errors for unknown and malformed ids, for every resource
// kept under an application or index.
func TestAdministeredResources(t *testing.T) {
	for _, r := range adminResources() {
		t.Run(r.name, func(t *testing.T) {
			e := newEnv(t)
			e.setup(false)
			ids := r.existing(t, e)
			if len(ids) == 0 {
				t.Fatal("nothing listed")
			}
			if got, err := r.get(e, ids[0]); err != nil || got == "" || got[len(got)-len(e.appID)-len("ACTIVE/"):] != "ACTIVE/"+e.appID {
				t.Fatalf("get: %q %v", got, err)
			}
			r.checkPages(t, e, ids)
			missing := newID()
			if _, err := r.get(e, missing); apiCode(err) != "ResourceNotFoundException" || apiMessage(err) != fmt.Sprintf(r.notFound, missing, r.parent(e)) {
				t.Errorf("unknown id: %v", err)
			}
			if _, err := r.get(e, "not an id!"); apiCode(err) != "ValidationException" {
				t.Errorf("malformed id: %v", err)
			}
			if err := r.remove(e, missing); apiCode(err) != "ResourceNotFoundException" {
				t.Errorf("delete unknown: %v", err)
			}
			if err := r.remove(e, ids[0]); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if _, err := r.get(e, ids[0]); apiCode(err) != "ResourceNotFoundException" {
				t.Errorf("after delete: %v", err)
			}
			if left, _, err := r.list(e, 10, nil); err != nil || len(left) != len(ids)-1 {
				t.Errorf("after delete listed %v %v", left, err)
			}
		})
	}
}

// existing returns the resource ids in creation order: the ones setup made,
// or three new ones.
func (r resourceOps) existing(t *testing.T, e *env) []string {
	t.Helper()
	if r.create == nil {
		ids, _, err := r.list(e, 10, nil)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		return ids
	}
	var ids []string
	for n := range 3 {
		id, err := r.create(e, n)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		ids = append(ids, id)
	}
	return ids
}

// checkPages lists one item a page and compares with ids; a tampered or
// foreign token is refused.
func (r resourceOps) checkPages(t *testing.T, e *env, ids []string) {
	t.Helper()
	var got []string
	var token *string
	for range len(ids) + 1 {
		page, next, err := r.list(e, 1, token)
		if err != nil {
			t.Fatalf("list page: %v", err)
		}
		got = append(got, page...)
		if next == nil {
			break
		}
		if _, _, err := r.list(e, 1, aws.String(*next+"x")); apiCode(err) != "ValidationException" {
			t.Errorf("tampered token: %v", err)
		}
		token = next
	}
	if len(got) != len(ids) {
		t.Fatalf("listed %v, want %v", got, ids)
	}
	for i := range ids {
		if got[i] != ids[i] {
			t.Fatalf("listed %v, want %v in creation order", got, ids)
		}
	}
	if _, _, err := r.list(e, 0, nil); apiCode(err) != "ValidationException" {
		t.Errorf("maxResults 0: %v", err)
	}
	if _, _, err := r.list(e, 1, aws.String("0.forged")); apiCode(err) != "ValidationException" {
		t.Errorf("forged token: %v", err)
	}
}

// TestUpdateIndex: the new name and description show in GetIndex; an
// unknown index is not found and an empty name is refused.
func TestUpdateIndex(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	in := &qbusiness.UpdateIndexInput{ApplicationId: &e.appID, IndexId: &e.index, DisplayName: aws.String("renamed"), Description: aws.String("d")}
	if _, err := e.admin.UpdateIndex(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := e.admin.GetIndex(ctx, &qbusiness.GetIndexInput{ApplicationId: &e.appID, IndexId: &e.index})
	if err != nil || aws.ToString(got.DisplayName) != "renamed" || aws.ToString(got.Description) != "d" {
		t.Fatalf("GetIndex %v %+v", err, got)
	}
	if got.IndexStatistics == nil || got.IndexStatistics.TextDocumentStatistics == nil ||
		aws.ToInt32(got.IndexStatistics.TextDocumentStatistics.IndexedTextDocumentCount) != 3 {
		t.Errorf("statistics %+v", got.IndexStatistics)
	}
	if _, err := e.admin.UpdateIndex(ctx, &qbusiness.UpdateIndexInput{ApplicationId: &e.appID, IndexId: aws.String(newID())}); apiCode(err) != "ResourceNotFoundException" {
		t.Errorf("unknown index: %v", err)
	}
	if _, err := e.admin.UpdateIndex(ctx, &qbusiness.UpdateIndexInput{ApplicationId: &e.appID, IndexId: &e.index, DisplayName: aws.String("")}); apiCode(err) != "ValidationException" {
		t.Errorf("empty name: %v", err)
	}
}
