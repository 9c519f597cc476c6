# Cross-account roles people and CI assume into this account. Humans come from the identity
# account (SSO permission sets there are allowed to assume these roles); CI comes from the
# runner role in the CI account.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/iam/aws//wrappers/iam-assumable-role?version=5.39.0"
}

locals {
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
  org         = include.root.locals.org

  identity_root  = format("arn:aws:iam::%s:root", local.org.accounts.identity)
  ci_runner_role = format("arn:aws:iam::%s:role/%s", local.org.accounts.ci, local.org.ci_runner_role)
}

inputs = {
  defaults = {
    create_role          = true
    role_requires_mfa    = true
    max_session_duration = 3600
    tags                 = local.tags
  }

  items = {
    platform_admin = {
      role_name               = format("%s-platform-admin", local.name_prefix)
      role_description        = "Administrative access for the platform team"
      trusted_role_arns       = [local.identity_root]
      custom_role_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }

    developer_readonly = {
      role_name               = format("%s-developer-readonly", local.name_prefix)
      role_description        = "Read-only console and API access for developers"
      trusted_role_arns       = [local.identity_root]
      custom_role_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      max_session_duration    = 43200
    }

    ci_deploy = {
      role_name               = format("%s-ci-deploy", local.name_prefix)
      role_description        = "Assumed by the Terraform/CI runners to deploy this environment"
      trusted_role_arns       = [local.ci_runner_role]
      role_requires_mfa       = false
      custom_role_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess"]
      max_session_duration    = 7200
    }
  }
}
