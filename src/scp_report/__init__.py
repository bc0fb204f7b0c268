"""scp-report: plan-as-code reporting for Community Safety Partnerships."""

__version__ = "0.1.0"
