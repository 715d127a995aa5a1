package groupsync

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Applier carries out a plan: PutGroup and DeleteGroup for the changes
// only, no faster than one call per Interval (the SDK's retryer backs
// off on throttling on top), recording each group put in Record.
type Applier struct {
	Q        QBusiness
	Target   Target
	Interval time.Duration
	Log      *slog.Logger
	// Wait pauses for d or until ctx ends; nil waits on a timer.
	Wait func(ctx context.Context, d time.Duration) error
}

// Apply carries out p, updating rec as it goes, and returns what it did.
// It stops at the first failure; what was done so far is in rec and the
// counts.
func (a Applier) Apply(ctx context.Context, p Plan, rec Record) (Counts, error) {
	var done Counts
	first := true
	for _, ch := range p.Changes {
		if ch.Action == Unchanged {
			done.Unchanged++
			continue
		}
		if !first {
			if err := a.wait(ctx); err != nil {
				return done, err
			}
		}
		first = false
		if err := a.apply(ctx, ch, rec); err != nil {
			return done, err
		}
		if ch.Action == Put {
			done.Put++
		} else {
			done.Deleted++
		}
	}
	return done, nil
}

func (a Applier) apply(ctx context.Context, ch Change, rec Record) error {
	if ch.Action == Delete {
		if err := a.delete(ctx, ch.Group); err != nil {
			return err
		}
		delete(rec.Groups, ch.Group)
		return nil
	}
	if err := a.put(ctx, ch.Group, ch.Members); err != nil {
		return err
	}
	updated, _, err := groupUpdatedAt(ctx, a.Q, a.Target, ch.Group)
	if err != nil {
		return err
	}
	rec.Groups[ch.Group] = Applied{Members: ch.Members, UpdatedAt: updated}
	return nil
}

func (a Applier) put(ctx context.Context, name string, members []string) error {
	gm := &qtypes.GroupMembers{MemberUsers: []qtypes.MemberUser{}}
	for _, m := range members {
		gm.MemberUsers = append(gm.MemberUsers, qtypes.MemberUser{UserId: aws.String(m), Type: qtypes.MembershipTypeIndex})
	}
	_, err := a.Q.PutGroup(ctx, &qbusiness.PutGroupInput{ApplicationId: aws.String(a.Target.ApplicationID),
		IndexId: aws.String(a.Target.IndexID), GroupName: aws.String(name), Type: qtypes.MembershipTypeIndex, GroupMembers: gm})
	if err != nil {
		return fmt.Errorf("put group %s: %w", name, err)
	}
	a.logger().Debug("put group", "group", name, "members", len(members))
	return nil
}

func (a Applier) delete(ctx context.Context, name string) error {
	_, err := a.Q.DeleteGroup(ctx, &qbusiness.DeleteGroupInput{ApplicationId: aws.String(a.Target.ApplicationID),
		IndexId: aws.String(a.Target.IndexID), GroupName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("delete group %s: %w", name, err)
	}
	a.logger().Debug("deleted group", "group", name)
	return nil
}

func (a Applier) wait(ctx context.Context) error {
	if a.Interval <= 0 {
		return nil
	}
	if a.Wait != nil {
		return a.Wait(ctx, a.Interval)
	}
	t := time.NewTimer(a.Interval)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a Applier) logger() *slog.Logger {
	if a.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Log
}
