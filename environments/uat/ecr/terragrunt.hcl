# Container image repositories. CI pushes with the ci_deploy role from ../iam; EKS nodes pull
# through the AmazonEC2ContainerRegistryReadOnly policy on their instance role.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/ecr/aws//wrappers?version=2.2.1"
}

dependency "iam" {
  config_path = "../iam"

  mock_outputs = {
    wrapper = {
      ci_deploy = { iam_role_arn = "arn:aws:iam::123456789012:role/mock-ci-deploy" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars    = include.root.locals.vars
  project = include.root.locals.project
  tags    = include.root.locals.common_tags
  ecr     = local.vars.ecr

  # Untagged layers go first; release images (v1.2.3) are kept up to keep_tagged_images.
  lifecycle_policy = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "Expire untagged images after ${local.ecr.untagged_expire_after_days} days",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": ${local.ecr.untagged_expire_after_days}
          },
          "action": { "type": "expire" }
        },
        {
          "rulePriority": 2,
          "description": "Keep the last ${local.ecr.keep_tagged_images} release images",
          "selection": {
            "tagStatus": "tagged",
            "tagPrefixList": ["v"],
            "countType": "imageCountMoreThan",
            "countNumber": ${local.ecr.keep_tagged_images}
          },
          "action": { "type": "expire" }
        }
      ]
    }
  EOT
}

inputs = {
  defaults = {
    repository_type                   = "private"
    repository_image_tag_mutability   = "IMMUTABLE"
    repository_image_scan_on_push     = true
    repository_force_delete           = include.root.locals.long_lived ? false : true
    repository_read_write_access_arns = [dependency.iam.outputs.wrapper.ci_deploy.iam_role_arn]
    create_lifecycle_policy           = true
    repository_lifecycle_policy       = local.lifecycle_policy
    tags                              = local.tags
  }

  items = {
    api = {
      repository_name = format("%s/api", local.project)
    }
    worker = {
      repository_name = format("%s/worker", local.project)
    }
    web = {
      repository_name = format("%s/web", local.project)
    }
  }
}
