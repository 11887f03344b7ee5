"""The portal: the pipeline in a browser for business units, reviewers and approvers, with real accounts."""
