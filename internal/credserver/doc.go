// Package credserver serves one user's AWS credentials on a loopback
// address in the container-credentials format the AWS SDKs and the AWS CLI
// read from AWS_CONTAINER_CREDENTIALS_FULL_URI with
// AWS_CONTAINER_AUTHORIZATION_TOKEN: a GET answered with
// {"AccessKeyId","SecretAccessKey","Token","Expiration"}. A request must
// carry the server's token, random per server, in its Authorization
// header, and come from a loopback address; anything else is 403. The
// credentials are held in memory and fetched again from the source when
// within a refresh margin of their expiry, one fetch at a time.
package credserver
