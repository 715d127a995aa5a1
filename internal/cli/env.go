package cli

import (
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/term"
)

// Env is everything a command may take from the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable.
	Getenv func(string) string
	// Environ lists the environment (for exec).
	Environ func() []string
	// IsTerminal reports whether stdin is an interactive terminal.
	IsTerminal func() bool
	// OutputIsTerminal reports whether stdout is a terminal; nil means
	// it is not.
	OutputIsTerminal func() bool
	// Opener opens sign-in URLs in a browser; nil uses the system browser
	// (xdg-open, open, rundll32) when there is one.
	Opener Opener
	// HTTPClient carries every request to the IdP and AWS that qbiz makes
	// for sign-in and credentials; nil means a fresh client.
	HTTPClient *http.Client
	// Executable is the path written into credential_process; nil means
	// os.Executable.
	Executable func() (string, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Serve runs the web gateway for qbiz serve; nil means this build has
	// none.
	Serve ServeFunc

	// net is settled by Main from AWS_CA_BUNDLE.
	net *network
	// openSession opens the signed-in user's session; nil means the
	// cached sign-in of the profile (app.openSession).
	openSession sessionOpener
}

// Opener opens a URL in the person's browser.
type Opener interface {
	Open(url string) error
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Environ: os.Environ, Executable: os.Executable,
		// A terminal answers terminal ioctls; /dev/null is a character
		// device too, but no terminal.
		IsTerminal:       func() bool { return term.IsTerminal(int(os.Stdin.Fd())) },
		OutputIsTerminal: func() bool { return term.IsTerminal(int(os.Stdout.Fd())) },
	}
}
