"""gongkai: 部门决算与绩效自评公开网站生成器.

Stages, one module each, data flowing one way: load → check → derive → render → build.
"""

__version__ = "0.1.0"
