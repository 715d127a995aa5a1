package provision

import (
	"context"
	"fmt"
	"io"
)

// Action is what a plan does to one resource.
type Action string

// Actions.
const (
	Create    Action = "create"
	Update    Action = "update"
	Unchanged Action = "unchanged"
	Delete    Action = "delete"
)

// Change is one resource's line of a plan.
type Change struct {
	Action Action `json:"action"`
	Type   string `json:"type"`
	Name   string `json:"name"`
	ARN    string `json:"arn"`
	// Reason says what differs, for an update.
	Reason string `json:"-"`
}

// Found is what a lookup learned about a resource.
type Found struct {
	Exists bool
	// Managed: the resource carries this stack's qbiz:managed tag, so
	// Destroy may remove it.
	Managed bool
	// Drift names what differs from the wanted state; empty when nothing does.
	Drift string
	ARN   string
}

// Resource is one declared AWS resource. Lookup records the identifiers it
// finds (later resources read them); Create and Update record theirs too.
type Resource interface {
	Type() string
	Name() string
	// DependsOn names the resources (by Name) that must exist first.
	DependsOn() []string
	Lookup(ctx context.Context) (Found, error)
	Create(ctx context.Context) error
	Update(ctx context.Context) error
	Delete(ctx context.Context) error
}

// Stack is a set of resources and where progress lines go.
type Stack struct {
	Resources []Resource
	Progress  io.Writer
}

// Plan looks every resource up, in dependency order, and says what Apply
// would do. It changes nothing.
func (s Stack) Plan(ctx context.Context) ([]Change, error) {
	return s.walk(ctx, false)
}

// Apply creates what is missing and updates what drifted, in dependency
// order, looking each resource up first.
func (s Stack) Apply(ctx context.Context) ([]Change, error) {
	return s.walk(ctx, true)
}

func (s Stack) walk(ctx context.Context, act bool) ([]Change, error) {
	order, err := s.ordered()
	if err != nil {
		return nil, err
	}
	changes := make([]Change, 0, len(order))
	for _, r := range order {
		f, err := r.Lookup(ctx)
		if err != nil {
			return changes, fmt.Errorf("look up %s %s: %w", r.Type(), r.Name(), err)
		}
		c := Change{Action: Unchanged, Type: r.Type(), Name: r.Name(), ARN: f.ARN}
		switch {
		case !f.Exists:
			c.Action = Create
		case f.Drift != "":
			c.Action, c.Reason = Update, f.Drift
		}
		if act && c.Action != Unchanged {
			if c.ARN, err = s.change(ctx, r, c.Action); err != nil {
				return changes, err
			}
		}
		changes = append(changes, c)
	}
	return changes, nil
}

func (s Stack) change(ctx context.Context, r Resource, a Action) (string, error) {
	s.progress("%s %s %s", a.verb(), r.Type(), r.Name())
	do := r.Create
	if a == Update {
		do = r.Update
	}
	if err := do(ctx); err != nil {
		return "", fmt.Errorf("%s %s %s: %w", a, r.Type(), r.Name(), err)
	}
	f, err := r.Lookup(ctx)
	if err != nil {
		return "", fmt.Errorf("look up %s %s: %w", r.Type(), r.Name(), err)
	}
	return f.ARN, nil
}

// PlanDestroy says what Destroy would remove: every resource that exists
// and carries this stack's tag. It changes nothing.
func (s Stack) PlanDestroy(ctx context.Context) ([]Change, error) {
	return s.teardown(ctx, false)
}

// Destroy removes, in reverse dependency order, every resource that exists
// and carries this stack's tag; what is not there or not ours is left.
func (s Stack) Destroy(ctx context.Context) ([]Change, error) {
	return s.teardown(ctx, true)
}

func (s Stack) teardown(ctx context.Context, act bool) ([]Change, error) {
	order, err := s.ordered()
	if err != nil {
		return nil, err
	}
	found := make([]Found, len(order))
	for i, r := range order {
		if found[i], err = r.Lookup(ctx); err != nil {
			return nil, fmt.Errorf("look up %s %s: %w", r.Type(), r.Name(), err)
		}
	}
	var changes []Change
	for i := len(order) - 1; i >= 0; i-- {
		r, f := order[i], found[i]
		if !f.Exists || !f.Managed {
			continue
		}
		if act {
			s.progress("%s %s %s", Delete.verb(), r.Type(), r.Name())
			if err := r.Delete(ctx); err != nil {
				return changes, fmt.Errorf("delete %s %s: %w", r.Type(), r.Name(), err)
			}
		}
		changes = append(changes, Change{Action: Delete, Type: r.Type(), Name: r.Name(), ARN: f.ARN})
	}
	return changes, nil
}

// ordered sorts the resources so that each comes after what it depends on,
// keeping the declared order otherwise.
func (s Stack) ordered() ([]Resource, error) {
	byName := map[string]Resource{}
	for _, r := range s.Resources {
		byName[r.Name()] = r
	}
	var out []Resource
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(r Resource) error
	visit = func(r Resource) error {
		switch state[r.Name()] {
		case 1:
			return fmt.Errorf("resource %s depends on itself", r.Name())
		case 2:
			return nil
		}
		state[r.Name()] = 1
		for _, d := range r.DependsOn() {
			dep, ok := byName[d]
			if !ok {
				return fmt.Errorf("resource %s depends on %s, which is not declared", r.Name(), d)
			}
			if err := visit(dep); err != nil {
				return err
			}
		}
		state[r.Name()] = 2
		out = append(out, r)
		return nil
	}
	for _, r := range s.Resources {
		if err := visit(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (a Action) verb() string {
	switch a {
	case Create:
		return "creating"
	case Update:
		return "updating"
	case Delete:
		return "deleting"
	}
	return string(a)
}

func (s Stack) progress(format string, args ...any) {
	if s.Progress != nil {
		fmt.Fprintf(s.Progress, format+"\n", args...)
	}
}
