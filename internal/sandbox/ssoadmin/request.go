package ssoadmin

// request is an operation input that validates itself and names the
// resource the caller must be authorized on.
type request interface {
	validate() error
	resource() string
}

// admit decodes the body into in, validates it and authorizes the caller on
// the resource it names.
func (c *call) admit(in request) error {
	if err := c.decode(in); err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	return c.authorize(in.resource())
}

// pageOf pages items like page and renders each item of the page.
func pageOf[T, V any](items []T, token string, max int, view func(T) V) ([]V, string, error) {
	items, next, err := page(items, token, max)
	if err != nil {
		return nil, "", err
	}
	out := make([]V, 0, len(items))
	for _, it := range items {
		out = append(out, view(it))
	}
	return out, next, nil
}

// appIn names one application: DescribeApplication, DeleteApplication and
// the assignment configuration operations.
type appIn struct{ ApplicationArn string }

func (in appIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	return v.err()
}

func (in appIn) resource() string { return in.ApplicationArn }

// appListIn lists one application's entries without MaxResults (grants,
// authentication methods).
type appListIn struct{ ApplicationArn, NextToken string }

func (in appListIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.str("nextToken", in.NextToken, false, 0, 2048, reToken)
	return v.err()
}

func (in appListIn) resource() string { return in.ApplicationArn }
