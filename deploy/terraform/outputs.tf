output "function_name" {
  value = aws_lambda_function.pre_break.function_name
}

output "schedule_arn" {
  value = aws_cloudwatch_event_rule.pre_break.arn
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.pre_break.name
}

output "errors_alarm_name" {
  value = aws_cloudwatch_metric_alarm.pre_break_errors.alarm_name
}
