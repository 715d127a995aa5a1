package groupsync

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// QBusiness is the part of the Q Business API a sync calls.
type QBusiness interface {
	qbusiness.ListGroupsAPIClient
	GetGroup(context.Context, *qbusiness.GetGroupInput, ...func(*qbusiness.Options)) (*qbusiness.GetGroupOutput, error)
	PutGroup(context.Context, *qbusiness.PutGroupInput, ...func(*qbusiness.Options)) (*qbusiness.PutGroupOutput, error)
	DeleteGroup(context.Context, *qbusiness.DeleteGroupInput, ...func(*qbusiness.Options)) (*qbusiness.DeleteGroupOutput, error)
}

// Target names the index to sync.
type Target struct {
	ApplicationID, IndexID string
}

// Check refuses ids that are not Q Business ids (36 letters, digits
// and hyphens), before they reach a URL or a file name.
func (t Target) Check() error {
	for _, id := range [][2]string{{"application id", t.ApplicationID}, {"index id", t.IndexID}} {
		if !isQID(id[1]) {
			return fmt.Errorf("%s %q is not a Q Business id (36 letters, digits and hyphens)", id[0], id[1])
		}
	}
	return nil
}

func isQID(s string) bool {
	if len(s) != 36 || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Current is one group of the index as far as qbiz can know it.
type Current struct {
	UpdatedAt time.Time
	// Known: the group is as the last sync put it, with Members.
	Known   bool
	Members []string
	// Managed: the last sync put this group.
	Managed bool
}

// ReadIndex lists the index's groups (every page) and reads each one's
// status, taking its members from rec when it is still as recorded.
func ReadIndex(ctx context.Context, q QBusiness, t Target, rec Record, now time.Time) (map[string]Current, error) {
	p := qbusiness.NewListGroupsPaginator(q, &qbusiness.ListGroupsInput{ApplicationId: aws.String(t.ApplicationID),
		IndexId: aws.String(t.IndexID), UpdatedEarlierThan: aws.Time(now)})
	out := map[string]Current{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list groups: %w", err)
		}
		for _, g := range page.Items {
			name := aws.ToString(g.GroupName)
			c, err := readGroup(ctx, q, t, name, rec)
			if err != nil {
				return nil, err
			}
			out[name] = c
		}
	}
	return out, nil
}

func readGroup(ctx context.Context, q QBusiness, t Target, name string, rec Record) (Current, error) {
	updated, ok, err := groupUpdatedAt(ctx, q, t, name)
	if err != nil {
		return Current{}, err
	}
	r, managed := rec.Groups[name]
	c := Current{UpdatedAt: updated, Managed: managed}
	if ok && managed && r.UpdatedAt.Equal(updated) {
		c.Known, c.Members = true, r.Members
	}
	return c, nil
}

// groupUpdatedAt is when the group last changed; ok is false unless its
// last change SUCCEEDED.
func groupUpdatedAt(ctx context.Context, q QBusiness, t Target, name string) (time.Time, bool, error) {
	out, err := q.GetGroup(ctx, &qbusiness.GetGroupInput{ApplicationId: aws.String(t.ApplicationID),
		IndexId: aws.String(t.IndexID), GroupName: aws.String(name)})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("get group %s: %w", name, err)
	}
	if out.Status == nil {
		return time.Time{}, false, nil
	}
	return aws.ToTime(out.Status.LastUpdatedAt), out.Status.Status == qtypes.GroupStatusSucceeded, nil
}
