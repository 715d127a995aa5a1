package cli

import (
	"errors"
	"os/exec"
	"runtime"
)

// systemOpener opens URLs with the platform's browser launcher. The URL is
// one argument of the launcher, never parsed by a shell.
type systemOpener struct{ goos string }

func (o systemOpener) Open(u string) error {
	var cmd *exec.Cmd
	switch o.goos {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	case "linux", "freebsd", "openbsd", "netbsd":
		cmd = exec.Command("xdg-open", u)
	default:
		return errors.New("no known browser launcher on " + o.goos)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the launcher's exit status says nothing about the sign-in
	return nil
}

// opener is the browser to use, or nil to print the URL instead: with
// --no-browser, and where no local browser can be expected (a launcher
// would start, open nothing, and the person would be told otherwise).
func (a *app) opener(noBrowser bool) Opener {
	return a.openerOn(noBrowser, runtime.GOOS)
}

func (a *app) openerOn(noBrowser bool, goos string) Opener {
	switch {
	case noBrowser:
		return nil
	case a.env.Opener != nil:
		return a.env.Opener
	case headless(a.getenv, goos):
		return nil
	}
	return systemOpener{goos: goos}
}

// headless reports whether no local browser can be expected: an SSH
// session, or Linux without a display server.
func headless(getenv func(string) string, goos string) bool {
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
		return true
	}
	return goos == "linux" && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == ""
}

// useDevice decides the OIDC flow: --device, or no browser to be had.
// An injected opener counts as a browser.
func (a *app) useDevice(explicit, noBrowser bool) bool {
	switch {
	case explicit:
		return true
	case a.env.Opener != nil || noBrowser:
		return false
	}
	return headless(a.getenv, runtime.GOOS)
}
