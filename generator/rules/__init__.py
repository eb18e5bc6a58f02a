"""The 勾稽 rules, one module per family; importing a module registers its rules (see ``base.rule``).

- ``within``: inside one table (T1 … T9, S5/S7/S9, A-1);
- ``between``: between tables (X-1 … X-11);
- ``department``: department.yaml against the tables (Y-1 … Y-7);
- ``residue``: template residue and slips in every text file, as written (Y-8);
- ``codes``: 科目 codes and names against the year's classification (K-1 … K-4).
"""
