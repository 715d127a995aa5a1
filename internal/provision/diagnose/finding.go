package diagnose

// Finding is one diagnosed problem: what is wrong, and what a person can do
// about it. The zero Finding means nothing wrong was found.
type Finding struct {
	What string
	Fix  string
}

// OK reports whether f found nothing wrong.
func (f Finding) OK() bool { return f.What == "" }
