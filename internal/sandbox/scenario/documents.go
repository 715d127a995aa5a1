package scenario

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Document is one page to index, with its ACL (nil: visible to everyone).
type Document struct {
	ID, Title, URL, Content string
	ACL                     *ACL
}

// ACL is a Q Business accessConfiguration.
type ACL struct {
	Controls       []Control
	MemberRelation string
}

// Control is one accessControl: principals joined by MemberRelation.
type Control struct {
	Grants         []Grant
	MemberRelation string
}

// Grant is one ACL principal: Kind USER or GROUP, Access ALLOW or DENY.
type Grant struct{ Kind, Name, Access string }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// loadDocuments indexes docs and registers the demo groups.
func loadDocuments(ctx context.Context, q *qbusiness.Client, app Application, docs []Document) error {
	if err := putDocuments(ctx, q, app, docs); err != nil {
		return err
	}
	return putGroups(ctx, q, app)
}

// putDocuments indexes docs in batches of ten (the BatchPutDocument limit).
func putDocuments(ctx context.Context, q *qbusiness.Client, app Application, docs []Document) error {
	for start := 0; start < len(docs); start += 10 {
		batch := docs[start:min(start+10, len(docs))]
		in := &qbusiness.BatchPutDocumentInput{ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID)}
		for _, d := range batch {
			in.Documents = append(in.Documents, toQDocument(d))
		}
		out, err := q.BatchPutDocument(ctx, in)
		if err != nil {
			return fmt.Errorf("put documents into %s index: %w", app.Mode, err)
		}
		if len(out.FailedDocuments) > 0 {
			return fmt.Errorf("put documents into %s index: %d failed, first %s", app.Mode, len(out.FailedDocuments), aws.ToString(out.FailedDocuments[0].Id))
		}
	}
	return nil
}

func toQDocument(d Document) qtypes.Document {
	doc := qtypes.Document{Id: aws.String(d.ID), Title: aws.String(d.Title), ContentType: qtypes.ContentTypePlainText,
		Content:    &qtypes.DocumentContentMemberBlob{Value: []byte(d.Content)},
		Attributes: []qtypes.DocumentAttribute{{Name: aws.String("_source_uri"), Value: &qtypes.DocumentAttributeValueMemberStringValue{Value: d.URL}}}}
	if d.ACL == nil {
		return doc
	}
	ac := &qtypes.AccessConfiguration{MemberRelation: qtypes.MemberRelation(d.ACL.MemberRelation)}
	for _, c := range d.ACL.Controls {
		var principals []qtypes.Principal
		for _, g := range c.Grants {
			principals = append(principals, toQPrincipal(g))
		}
		ac.AccessControls = append(ac.AccessControls, qtypes.AccessControl{Principals: principals, MemberRelation: qtypes.MemberRelation(c.MemberRelation)})
	}
	doc.AccessConfiguration = ac
	return doc
}

func toQPrincipal(g Grant) qtypes.Principal {
	access := qtypes.ReadAccessType(g.Access)
	if g.Kind == "GROUP" {
		return &qtypes.PrincipalMemberGroup{Value: qtypes.PrincipalGroup{Name: aws.String(g.Name), Access: access}}
	}
	return &qtypes.PrincipalMemberUser{Value: qtypes.PrincipalUser{Id: aws.String(g.Name), Access: access}}
}

// Groups the demo registers with PutGroup: group name → member users.
var Groups = map[string][]string{"core-team": {Mary, Demo1}, "anyorg-team": {Mateo}}

func putGroups(ctx context.Context, q *qbusiness.Client, app Application) error {
	for name, users := range Groups {
		members := &qtypes.GroupMembers{}
		for _, u := range users {
			members.MemberUsers = append(members.MemberUsers, qtypes.MemberUser{UserId: aws.String(u), Type: qtypes.MembershipTypeIndex})
		}
		_, err := q.PutGroup(ctx, &qbusiness.PutGroupInput{ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID),
			GroupName: aws.String(name), Type: qtypes.MembershipTypeIndex, GroupMembers: members})
		if err != nil {
			return fmt.Errorf("put group %s in %s index: %w", name, app.Mode, err)
		}
	}
	return nil
}
