package browsertest

import "github.com/chromedp/cdproto/runtime"

// record notes an uncaught exception or a console error of any page.
func (b *Tab) record(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		p = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			p += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			p = "console error"
			for _, a := range e.Args {
				p += " " + string(a.Value) + a.Description
			}
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// NoProblems fails the test if a page threw or logged an error.
func (b *Tab) NoProblems() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) > 0 {
		b.t.Errorf("script problems: %q", b.problems)
	}
}
