package sandboxtest

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
)

var (
	formRE   = regexp.MustCompile(`(?is)<form[^>]*\baction="([^"]*)"`)
	hiddenRE = regexp.MustCompile(`(?is)<input[^>]*\btype="hidden"[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"`)
)

// Form is an HTML form: its action (resolved against the page URL) and its
// hidden fields.
type Form struct {
	Action string
	Fields url.Values
}

// ParseForm reads the first form of page, fetched from base.
func ParseForm(base *url.URL, page []byte) (Form, error) {
	m := formRE.FindSubmatch(page)
	if m == nil {
		return Form{}, errors.New("parse form: the page has no form")
	}
	action, err := url.Parse(html.UnescapeString(string(m[1])))
	if err != nil {
		return Form{}, fmt.Errorf("parse form action: %w", err)
	}
	f := Form{Action: base.ResolveReference(action).String(), Fields: url.Values{}}
	for _, h := range hiddenRE.FindAllSubmatch(page, -1) {
		f.Fields.Add(html.UnescapeString(string(h[1])), html.UnescapeString(string(h[2])))
	}
	return f, nil
}
