// Package secrets emulates the subset of AWS Secrets Manager (awsJson1_1,
// X-Amz-Target secretsmanager.<Op>) the gateway uses: CreateSecret,
// GetSecretValue, DescribeSecret and DeleteSecret with scheduled deletion.
// Every client error is HTTP 400, as on AWS.
package secrets
