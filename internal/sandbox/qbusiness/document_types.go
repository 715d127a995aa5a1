package qbusiness

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type documentInput struct {
	ID                  string               `json:"id"`
	Attributes          []documentAttribute  `json:"attributes"`
	Content             *documentContent     `json:"content"`
	ContentType         string               `json:"contentType"`
	Title               *string              `json:"title"`
	AccessConfiguration *accessConfiguration `json:"accessConfiguration"`
	Enrichment          json.RawMessage      `json:"documentEnrichmentConfiguration"`
	MediaExtraction     json.RawMessage      `json:"mediaExtractionConfiguration"`
}

type documentContent struct {
	Blob *string     `json:"blob"`
	S3   *s3Location `json:"s3"`
}

type s3Location struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
}

type documentAttribute struct {
	Name  string          `json:"name"`
	Value *attributeValue `json:"value"`
}

type attributeValue struct {
	StringValue     *string  `json:"stringValue"`
	StringListValue []string `json:"stringListValue"`
	LongValue       *int64   `json:"longValue"`
	DateValue       *float64 `json:"dateValue"`
}

type accessConfiguration struct {
	AccessControls []accessControl `json:"accessControls"`
	MemberRelation string          `json:"memberRelation"`
}

type accessControl struct {
	Principals     []principal `json:"principals"`
	MemberRelation string      `json:"memberRelation"`
}

type principal struct {
	User  *principalEntry `json:"user"`
	Group *principalEntry `json:"group"`
}

type principalEntry struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Access         string `json:"access"`
	MembershipType string `json:"membershipType"`
}

var contentTypes = []string{"PDF", "HTML", "MS_WORD", "PLAIN_TEXT", "PPT", "RTF", "XML", "XSLT", "MS_EXCEL", "CSV", "JSON", "MD"}

// validate checks the model constraints of one document.
func (d *documentInput) validate(i int) *wire.Error {
	f := "documents." + strconv.Itoa(i+1) + "."
	errs := []*wire.Error{checkPrintable(f+"id", d.ID, 1, 1825), checkEnum(f+"contentType", d.ContentType, contentTypes...)}
	if d.Title != nil {
		errs = append(errs, checkLen(f+"title", *d.Title, 1, 1024))
	}
	if d.Content != nil && (d.Content.Blob == nil) == (d.Content.S3 == nil) {
		errs = append(errs, invalidField(f+"content", "Value at '%scontent' must set exactly one of blob or s3", f))
	}
	if d.Attributes != nil && (len(d.Attributes) < 1 || len(d.Attributes) > 500) {
		errs = append(errs, invalidField(f+"attributes", "Value at '%sattributes' failed to satisfy constraint: Member must have length between 1 and 500", f))
	}
	for _, a := range d.Attributes {
		errs = append(errs, a.validate(f+"attributes.member."))
	}
	if d.AccessConfiguration != nil {
		errs = append(errs, d.AccessConfiguration.validate(f+"accessConfiguration."))
	}
	return firstErr(errs...)
}

func (a documentAttribute) validate(f string) *wire.Error {
	if e := firstErr(checkLen(f+"name", a.Name, 1, 200), checkPattern(f+"name", a.Name, attrNamePattern)); e != nil {
		return e
	}
	if a.Value == nil || a.Value.count() != 1 {
		return invalidField(f+"value", "Value at '%svalue' must set exactly one member", f)
	}
	if a.Value.StringValue != nil {
		return checkLen(f+"value.stringValue", *a.Value.StringValue, 0, 2048)
	}
	return nil
}

func (v *attributeValue) count() int {
	n := 0
	for _, set := range []bool{v.StringValue != nil, v.StringListValue != nil, v.LongValue != nil, v.DateValue != nil} {
		if set {
			n++
		}
	}
	return n
}

// String renders the value for retrieval.Document.Attributes.
func (v *attributeValue) String() string {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.StringListValue != nil:
		return strings.Join(v.StringListValue, ",")
	case v.LongValue != nil:
		return strconv.FormatInt(*v.LongValue, 10)
	case v.DateValue != nil:
		return time.UnixMilli(int64(*v.DateValue * 1000)).UTC().Format(time.RFC3339)
	}
	return ""
}

func (a *accessConfiguration) validate(f string) *wire.Error {
	if a.AccessControls == nil {
		return invalidField(f+"accessControls", "Value at '%saccessControls' failed to satisfy constraint: Member must not be null", f)
	}
	if e := checkEnum(f+"memberRelation", a.MemberRelation, "AND", "OR"); e != nil {
		return e
	}
	for _, ac := range a.AccessControls {
		if e := ac.validate(f + "accessControls.member."); e != nil {
			return e
		}
	}
	return nil
}

func (ac accessControl) validate(f string) *wire.Error {
	if ac.Principals == nil {
		return invalidField(f+"principals", "Value at '%sprincipals' failed to satisfy constraint: Member must not be null", f)
	}
	if e := checkEnum(f+"memberRelation", ac.MemberRelation, "AND", "OR"); e != nil {
		return e
	}
	for _, p := range ac.Principals {
		if e := p.validate(f + "principals.member."); e != nil {
			return e
		}
	}
	return nil
}

func (p principal) validate(f string) *wire.Error {
	if (p.User == nil) == (p.Group == nil) {
		return invalidField(f[:len(f)-1], "Value at '%s' must set exactly one of user or group", f[:len(f)-1])
	}
	e, name, field := p.User, "", f+"user."
	if e != nil {
		name = e.ID
		if err := checkPrintable(field+"id", name, 1, 1024); err != nil {
			return err
		}
	} else {
		e, field = p.Group, f+"group."
		if err := checkPrintable(field+"name", e.Name, 1, 1024); err != nil {
			return err
		}
	}
	if e.Access == "" {
		return invalidField(field+"access", "Value at '%saccess' failed to satisfy constraint: Member must not be null", field)
	}
	return firstErr(checkEnum(field+"access", e.Access, "ALLOW", "DENY"), checkEnum(field+"membershipType", e.MembershipType, "INDEX", "DATASOURCE"))
}

// toACL converts accessConfiguration to the retrieval ACL.
func (a *accessConfiguration) toACL() *retrieval.ACL {
	if a == nil {
		return nil
	}
	out := &retrieval.ACL{MemberRelation: a.MemberRelation}
	for _, ac := range a.AccessControls {
		rac := retrieval.AccessControl{MemberRelation: ac.MemberRelation}
		for _, p := range ac.Principals {
			if p.User != nil {
				rac.Principals = append(rac.Principals, retrieval.Principal{Kind: retrieval.KindUser, Name: p.User.ID, Access: retrieval.Access(p.User.Access)})
			} else {
				rac.Principals = append(rac.Principals, retrieval.Principal{Kind: retrieval.KindGroup, Name: p.Group.Name, Access: retrieval.Access(p.Group.Access)})
			}
		}
		out.AccessControls = append(out.AccessControls, rac)
	}
	return out
}
