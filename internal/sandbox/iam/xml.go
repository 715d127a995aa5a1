package iam

import (
	"net/url"
	"strings"
	"time"
)

type xmlTag struct {
	Key   string
	Value string
}

func xmlTags(tags []Tag) []xmlTag {
	out := make([]xmlTag, 0, len(tags))
	for _, t := range tags {
		out = append(out, xmlTag{t.Key, t.Value})
	}
	return out
}

// isoTime is the awsQuery timestamp form.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// encodeDoc URL-encodes a policy document as IAM returns it.
func encodeDoc(doc string) string { return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20") }

type xmlRole struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
	Description              string   `xml:",omitempty"`
	MaxSessionDuration       int64    `xml:",omitempty"`
	Tags                     []xmlTag `xml:"Tags>member,omitempty"`
}

func roleXML(r Role, tags []Tag) xmlRole {
	return xmlRole{Path: r.Path, RoleName: r.Name, RoleId: r.RoleID, Arn: r.ARN, CreateDate: isoTime(r.CreateDate),
		AssumeRolePolicyDocument: encodeDoc(r.TrustPolicy), Description: r.Description,
		MaxSessionDuration: int64(r.MaxSessionDuration / time.Second), Tags: xmlTags(tags)}
}

type xmlPolicy struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	DefaultVersionId              string
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    string
	UpdateDate                    string
	Tags                          []xmlTag `xml:"Tags>member,omitempty"`
}

func policyXML(p policyRecord, attachments int) xmlPolicy {
	return xmlPolicy{PolicyName: p.Name, PolicyId: p.ID, Arn: p.ARN, Path: p.Path, DefaultVersionId: "v1",
		AttachmentCount: attachments, IsAttachable: true, Description: p.Description,
		CreateDate: isoTime(p.CreateDate), UpdateDate: isoTime(p.CreateDate), Tags: xmlTags(p.Tags)}
}

type xmlUser struct {
	Path       string
	UserName   string
	UserId     string
	Arn        string
	CreateDate string
}

func userXML(u userRecord) xmlUser {
	return xmlUser{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: isoTime(u.CreateDate)}
}

type xmlAttached struct {
	PolicyName string
	PolicyArn  string
}

type xmlArn struct{ Arn string }

type xmlSAMLEntry struct {
	Arn        string
	ValidUntil string
	CreateDate string
}

type empty struct{}
