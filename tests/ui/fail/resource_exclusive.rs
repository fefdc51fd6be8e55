// An alarm takes `Statistic` or `ExtendedStatistic`, not both.
#[cicd_dsl::stack(name = "generic-exclusive")]
pub mod generic_exclusive {
    #[resource(
        AWS::CloudWatch::Alarm,
        Namespace = "AWS/SQS",
        MetricName = "ApproximateAgeOfOldestMessage",
        Statistic = "Maximum",
        ExtendedStatistic = "p99",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 600,
        ComparisonOperator = "GreaterThanThreshold"
    )]
    pub struct OldMessages;
}

fn main() {}
