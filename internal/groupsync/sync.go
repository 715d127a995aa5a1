package groupsync

import (
	"context"
	"time"
)

// PlanSync reads src, flattens its groups, reads the index and plans the
// changes that make the index match.
func PlanSync(ctx context.Context, src Source, q QBusiness, t Target, rec Record, now time.Time) (Plan, error) {
	d, err := src.Directory(ctx)
	if err != nil {
		return Plan{}, err
	}
	want, err := Flatten(d)
	if err != nil {
		return Plan{}, err
	}
	have, err := ReadIndex(ctx, q, t, rec, now)
	if err != nil {
		return Plan{}, err
	}
	return Diff(want, have), nil
}
