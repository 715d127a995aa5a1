package chatui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/qchat"
)

// SourceLine renders one source as "[n] Title  URL"; with hyperlinks the
// title links to the URL (OSC 8) instead.
func SourceLine(s qchat.Source, hyperlinks bool) string {
	title, u := Sanitize(s.Title), safeURL(s.URL)
	if title == "" {
		title = "(untitled)"
	}
	switch {
	case u == "":
		return fmt.Sprintf("[%d] %s", s.Number, title)
	case hyperlinks:
		return fmt.Sprintf("[%d] %s", s.Number, hyperlink(u, title))
	}
	return fmt.Sprintf("[%d] %s  %s", s.Number, title, u)
}

func hyperlink(u, text string) string {
	return "\x1b]8;;" + u + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}

// SupportsHyperlinks guesses from the environment whether the terminal
// renders OSC 8 hyperlinks.
func SupportsHyperlinks(getenv func(string) string) bool {
	if getenv("NO_HYPERLINKS") != "" || getenv("TERM") == "dumb" {
		return false
	}
	switch getenv("TERM_PROGRAM") {
	case "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper":
		return true
	}
	term := getenv("TERM")
	for _, t := range []string{"kitty", "alacritty", "foot", "wezterm", "ghostty"} {
		if strings.Contains(term, t) {
			return true
		}
	}
	vte, _ := strconv.Atoi(getenv("VTE_VERSION"))
	return getenv("WT_SESSION") != "" || getenv("KITTY_WINDOW_ID") != "" || vte >= 5000
}

// answerBlock renders a finished answer: cited text, failed attachments,
// action reviews and the sources.
func answerBlock(a *qchat.Answer, hyperlinks bool) string {
	var b strings.Builder
	b.WriteString(Sanitize(a.Cited()))
	for _, f := range a.FailedAttachments {
		fmt.Fprintf(&b, "\n(attachment %s was not used: %s)", Sanitize(f.Name), Sanitize(f.Error))
	}
	if a.ActionReview != nil {
		fmt.Fprintf(&b, "\n(plugin %s needs your review in the web experience)", Sanitize(a.ActionReview.PluginID))
	}
	if len(a.Sources) > 0 {
		b.WriteString("\n\nSources:")
	}
	for _, s := range a.Sources {
		b.WriteString("\n  " + SourceLine(s, hyperlinks))
	}
	return b.String()
}
