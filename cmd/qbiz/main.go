// Command qbiz turns an enterprise sign-in into identity-aware AWS
// credentials for Amazon Q Business.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/gateway/sandboxwiring"
	"github.com/qbiz/qbiz/internal/gateway/serve"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := cli.OSEnv()
	env.Serve = func(ctx context.Context, r cli.ServeRequest) error {
		return serve.Run(ctx, serve.Options(r), sandboxwiring.StartForServe)
	}
	code := cli.Main(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}
