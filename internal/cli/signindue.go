package cli

import (
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// signInDueWarning is how long before a sign-in that cannot renew itself
// ends that the commands using it say so.
const signInDueWarning = 10 * time.Minute

// warnSignInDue says on stderr, in the last signInDueWarning of such a
// sign-in (see signin.Due), when it ends and how to continue. Stdout stays
// the command's.
func (a *app) warnSignInDue(p config.Profile, e tokencache.Entry) {
	due := signin.Due(p, e)
	if due.IsZero() || a.env.Stderr == nil || a.now().Before(due.Add(-signInDueWarning)) {
		return
	}
	fmt.Fprintf(a.env.Stderr, "qbiz: warning: the SAML sign-in of profile %s ends in %s (SAML has no silent renewal); "+
		"run qbiz login --profile %s to continue\n", p.Name, due.Sub(a.now()).Round(time.Second), p.Name)
}
