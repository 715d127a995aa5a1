package cli

import (
	"strings"
	"testing"
)

// TestOffline: an unreadable AWS_CA_BUNDLE stops exactly the commands
// that reach an IdP or AWS as clients.
func TestOffline(t *testing.T) {
	root := newRoot(Env{})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"version"}, true},
		{[]string{"help"}, true},
		{[]string{"sandbox"}, true},
		{[]string{"demo"}, true},
		{[]string{"completion", "bash"}, true},
		{[]string{"conversations"}, true},
		{[]string{"sandbox", "credentials"}, false},
		{[]string{"configure"}, false},
		{[]string{"login"}, false},
		{[]string{"credentials"}, false},
		{[]string{"chat"}, false},
		{[]string{"conversations", "list"}, false},
	}
	for _, tt := range tests {
		cmd, _, err := root.Find(tt.args)
		if err != nil {
			t.Fatalf("find %v: %v", tt.args, err)
		}
		if got := offline(cmd); got != tt.want {
			t.Errorf("offline(%s) = %v, want %v", strings.Join(tt.args, " "), got, tt.want)
		}
	}
}
