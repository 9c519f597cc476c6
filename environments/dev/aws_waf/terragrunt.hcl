# Regional WAFv2 web ACL for the public ALB. The ALB is created by the AWS Load Balancer
# Controller, so the association is made from the Ingress annotation
# (alb.ingress.kubernetes.io/wafv2-acl-arn), not here.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///umotif-public/waf-webaclv2/aws?version=5.1.2"
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
  waf         = local.vars.waf

  geo_blocking = length(local.waf.blocked_countries) > 0
}

inputs = {
  name_prefix = local.name_prefix
  description = "Web ACL for the public endpoints of ${local.name_prefix}"
  scope       = "REGIONAL"

  create_alb_association = false
  allow_default_action   = true

  visibility_config = {
    cloudwatch_metrics_enabled = true
    metric_name                = format("%s-waf", local.name_prefix)
    sampled_requests_enabled   = true
  }

  rules = concat(
    [
      {
        name            = "AWSManagedRulesCommonRuleSet"
        priority        = 10
        override_action = "none"
        managed_rule_group_statement = {
          name        = "AWSManagedRulesCommonRuleSet"
          vendor_name = "AWS"
        }
        visibility_config = {
          metric_name = format("%s-common", local.name_prefix)
        }
      },
      {
        name            = "AWSManagedRulesKnownBadInputsRuleSet"
        priority        = 20
        override_action = "none"
        managed_rule_group_statement = {
          name        = "AWSManagedRulesKnownBadInputsRuleSet"
          vendor_name = "AWS"
        }
        visibility_config = {
          metric_name = format("%s-bad-inputs", local.name_prefix)
        }
      },
      {
        name            = "AWSManagedRulesSQLiRuleSet"
        priority        = 30
        override_action = "none"
        managed_rule_group_statement = {
          name        = "AWSManagedRulesSQLiRuleSet"
          vendor_name = "AWS"
        }
        visibility_config = {
          metric_name = format("%s-sqli", local.name_prefix)
        }
      },
      {
        name            = "AWSManagedRulesAmazonIpReputationList"
        priority        = 40
        override_action = "none"
        managed_rule_group_statement = {
          name        = "AWSManagedRulesAmazonIpReputationList"
          vendor_name = "AWS"
        }
        visibility_config = {
          metric_name = format("%s-ip-reputation", local.name_prefix)
        }
      },
      {
        name     = "RateLimitPerIP"
        priority = 50
        action   = "block"
        rate_based_statement = {
          limit              = local.waf.rate_limit_per_5min
          aggregate_key_type = "IP"
        }
        visibility_config = {
          metric_name = format("%s-rate-limit", local.name_prefix)
        }
      },
    ],
    local.geo_blocking ? [
      {
        name     = "BlockedCountries"
        priority = 5
        action   = "block"
        geo_match_statement = {
          country_codes = local.waf.blocked_countries
        }
        visibility_config = {
          metric_name = format("%s-geo-block", local.name_prefix)
        }
      },
    ] : [],
  )

  tags = merge(local.tags, {
    Service = "waf"
  })
}
