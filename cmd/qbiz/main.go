// Command qbiz turns an enterprise sign-in into identity-aware AWS
// credentials for Amazon Q Business.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/qbiz/qbiz/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
